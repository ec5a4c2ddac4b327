CREATE TABLE "publication_attempts" (
	"ente_id" uuid NOT NULL,
	"publication_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"worker" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text,
	"error_kind" text,
	"http_status" integer,
	"detail_it" text,
	"detail_en" text,
	CONSTRAINT "publication_attempts_ente_id_publication_id_n_pk" PRIMARY KEY("ente_id","publication_id","n")
);
--> statement-breakpoint
CREATE TABLE "publications" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"state" text DEFAULT 'programmato' NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"content_hash" text NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"needs_lookup" boolean DEFAULT false NOT NULL,
	"claim_token" uuid,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"first_attempt_at" timestamp with time zone,
	"platform_id" text,
	"platform_url" text,
	"published_at" timestamp with time zone,
	"reason_code" text,
	"reason_it" text,
	"reason_en" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publications_ente_id_id_pk" PRIMARY KEY("ente_id","id"),
	CONSTRAINT "publications_state_check" CHECK ("publications"."state" in ('programmato', 'in_pubblicazione', 'da_riprovare', 'pubblicato', 'fallito', 'da_verificare', 'annullato'))
);
--> statement-breakpoint
CREATE TABLE "publishing_notifications" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"desk_id" uuid,
	"channel_id" uuid,
	"kind" text NOT NULL,
	"message_it" text NOT NULL,
	"message_en" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "publishing_notifications_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
CREATE TABLE "publishing_rate_buckets" (
	"key" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "publication_attempts" ADD CONSTRAINT "publication_attempts_publication_fk" FOREIGN KEY ("ente_id","publication_id") REFERENCES "public"."publications"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_post_fk" FOREIGN KEY ("ente_id","post_id") REFERENCES "public"."posts"("ente_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_channel_fk" FOREIGN KEY ("ente_id","channel_id") REFERENCES "public"."channels"("ente_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "publishing_notifications" ADD CONSTRAINT "publishing_notifications_desk_fk" FOREIGN KEY ("ente_id","desk_id") REFERENCES "public"."desks"("ente_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "publications_variant_key" ON "publications" USING btree ("ente_id","post_id","channel_id");--> statement-breakpoint
CREATE INDEX "publications_channel_idx" ON "publications" USING btree ("ente_id","channel_id","state");--> statement-breakpoint
CREATE INDEX "publications_todo_idx" ON "publications" USING btree ("next_attempt_at") WHERE "publications"."state" in ('programmato', 'da_riprovare', 'in_pubblicazione');--> statement-breakpoint
CREATE INDEX "publishing_notifications_desk_idx" ON "publishing_notifications" USING btree ("ente_id","desk_id","created_at");