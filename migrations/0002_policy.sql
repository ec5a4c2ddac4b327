CREATE TABLE "policy_drafts" (
	"ente_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"document" jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policy_drafts_ente_id_kind_pk" PRIMARY KEY("ente_id","kind"),
	CONSTRAINT "policy_drafts_kind_check" CHECK ("policy_drafts"."kind" in ('external', 'internal'))
);
--> statement-breakpoint
CREATE TABLE "policy_versions" (
	"ente_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"number" integer NOT NULL,
	"document" jsonb NOT NULL,
	"document_sha256" text NOT NULL,
	"act_type" text NOT NULL,
	"act_number" text NOT NULL,
	"act_date" date NOT NULL,
	"adopted_by" uuid,
	"adopted_by_label" text NOT NULL,
	"adopted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"draft_revision" integer NOT NULL,
	"channel_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	CONSTRAINT "policy_versions_ente_id_kind_number_pk" PRIMARY KEY("ente_id","kind","number"),
	CONSTRAINT "policy_versions_kind_check" CHECK ("policy_versions"."kind" in ('external', 'internal')),
	CONSTRAINT "policy_versions_act_type_check" CHECK ("policy_versions"."act_type" in ('delibera', 'determina')),
	CONSTRAINT "policy_versions_number_check" CHECK ("policy_versions"."number" > 0)
);
--> statement-breakpoint
ALTER TABLE "policy_drafts" ADD CONSTRAINT "policy_drafts_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_drafts" ADD CONSTRAINT "policy_drafts_updated_by_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_versions" ADD CONSTRAINT "policy_versions_adopted_by_fk" FOREIGN KEY ("adopted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;