CREATE TABLE "moderation_decisions" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text NOT NULL,
	"item_ref" text,
	"text" text NOT NULL,
	"author" text,
	"decision" text NOT NULL,
	"clause_number" text,
	"clause_title" text,
	"category" text,
	"confidence" real NOT NULL,
	"evidence" jsonb NOT NULL,
	"explanation" jsonb NOT NULL,
	"off_hours" boolean DEFAULT false NOT NULL,
	"rulebook_source" text NOT NULL,
	"rulebook_version" integer,
	"override_decision" text,
	"override_reason" text,
	"override_by" uuid,
	"override_at" timestamp with time zone,
	CONSTRAINT "moderation_decisions_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
ALTER TABLE "moderation_decisions" ADD CONSTRAINT "moderation_decisions_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "moderation_decisions_at_idx" ON "moderation_decisions" USING btree ("ente_id","at" DESC);