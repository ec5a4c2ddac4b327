CREATE TABLE "channel_gap_settings" (
	"ente_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"gap_days" integer NOT NULL,
	CONSTRAINT "channel_gap_settings_ente_id_channel_id_pk" PRIMARY KEY("ente_id","channel_id"),
	CONSTRAINT "channel_gap_settings_days_check" CHECK ("channel_gap_settings"."gap_days" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "editorial_settings" (
	"ente_id" uuid NOT NULL,
	"approvals_required" integer DEFAULT 1 NOT NULL,
	"default_gap_days" integer DEFAULT 7 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "editorial_settings_ente_id_pk" PRIMARY KEY("ente_id"),
	CONSTRAINT "editorial_settings_approvals_check" CHECK ("editorial_settings"."approvals_required" between 1 and 2),
	CONSTRAINT "editorial_settings_gap_check" CHECK ("editorial_settings"."default_gap_days" between 1 and 365)
);
--> statement-breakpoint
CREATE TABLE "electoral_periods" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"ballot_date" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "electoral_periods_ente_id_id_pk" PRIMARY KEY("ente_id","id"),
	CONSTRAINT "electoral_periods_dates_check" CHECK ("electoral_periods"."end_date" >= "electoral_periods"."start_date" and ("electoral_periods"."ballot_date" is null or "electoral_periods"."ballot_date" >= "electoral_periods"."end_date"))
);
--> statement-breakpoint
CREATE TABLE "media" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"filename" text NOT NULL,
	"mime" text NOT NULL,
	"kind" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"alt_text" text,
	"has_captions" boolean DEFAULT false NOT NULL,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "media_ente_id_id_pk" PRIMARY KEY("ente_id","id"),
	CONSTRAINT "media_kind_check" CHECK ("media"."kind" in ('image', 'video'))
);
--> statement-breakpoint
CREATE TABLE "media_blobs" (
	"ente_id" uuid NOT NULL,
	"sha256" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "media_blobs_ente_id_sha256_seq_pk" PRIMARY KEY("ente_id","sha256","seq")
);
--> statement-breakpoint
CREATE TABLE "post_approvals" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"approver_id" uuid NOT NULL,
	"content_hash" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"invalidated_at" timestamp with time zone,
	CONSTRAINT "post_approvals_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
CREATE TABLE "post_comments" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"kind" text DEFAULT 'comment' NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "post_comments_ente_id_id_pk" PRIMARY KEY("ente_id","id"),
	CONSTRAINT "post_comments_kind_check" CHECK ("post_comments"."kind" in ('comment', 'rejection'))
);
--> statement-breakpoint
CREATE TABLE "post_variants" (
	"ente_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"text" text NOT NULL,
	"link" text,
	"media_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"scheduled_at" timestamp with time zone,
	"status" text DEFAULT 'bozza' NOT NULL,
	"content_hash" text NOT NULL,
	"edited_by" uuid NOT NULL,
	"edited_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "post_variants_ente_id_post_id_channel_id_pk" PRIMARY KEY("ente_id","post_id","channel_id"),
	CONSTRAINT "post_variants_status_check" CHECK ("post_variants"."status" in ('bozza', 'in_approvazione', 'approvato', 'programmato', 'pubblicato'))
);
--> statement-breakpoint
CREATE TABLE "posts" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'proposta' NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"service" text,
	"desired_at" timestamp with time zone,
	"target_channel_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"let_redazione_decide" boolean DEFAULT false NOT NULL,
	"links" text[] DEFAULT '{}'::text[] NOT NULL,
	"media_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"desk_id" uuid,
	"author_id" uuid NOT NULL,
	"last_editor_id" uuid NOT NULL,
	"pc_impersonal" boolean DEFAULT false NOT NULL,
	"pc_indispensable" boolean DEFAULT false NOT NULL,
	"pc_reason" text,
	"submitted_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "posts_ente_id_id_pk" PRIMARY KEY("ente_id","id"),
	CONSTRAINT "posts_status_check" CHECK ("posts"."status" in ('proposta', 'in_lavorazione', 'in_approvazione', 'approvato', 'programmato', 'rifiutato', 'pubblicato'))
);
--> statement-breakpoint
ALTER TABLE "channel_gap_settings" ADD CONSTRAINT "channel_gap_settings_channel_fk" FOREIGN KEY ("ente_id","channel_id") REFERENCES "public"."channels"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "editorial_settings" ADD CONSTRAINT "editorial_settings_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "electoral_periods" ADD CONSTRAINT "electoral_periods_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media" ADD CONSTRAINT "media_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "media_blobs" ADD CONSTRAINT "media_blobs_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_approvals" ADD CONSTRAINT "post_approvals_post_fk" FOREIGN KEY ("ente_id","post_id") REFERENCES "public"."posts"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_approvals" ADD CONSTRAINT "post_approvals_approver_fk" FOREIGN KEY ("ente_id","approver_id") REFERENCES "public"."memberships"("ente_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_comments" ADD CONSTRAINT "post_comments_post_fk" FOREIGN KEY ("ente_id","post_id") REFERENCES "public"."posts"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_comments" ADD CONSTRAINT "post_comments_author_fk" FOREIGN KEY ("ente_id","author_id") REFERENCES "public"."memberships"("ente_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_variants" ADD CONSTRAINT "post_variants_post_fk" FOREIGN KEY ("ente_id","post_id") REFERENCES "public"."posts"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "post_variants" ADD CONSTRAINT "post_variants_channel_fk" FOREIGN KEY ("ente_id","channel_id") REFERENCES "public"."channels"("ente_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_desk_fk" FOREIGN KEY ("ente_id","desk_id") REFERENCES "public"."desks"("ente_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "posts" ADD CONSTRAINT "posts_author_fk" FOREIGN KEY ("ente_id","author_id") REFERENCES "public"."memberships"("ente_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "media_sha_idx" ON "media" USING btree ("ente_id","sha256");--> statement-breakpoint
CREATE INDEX "post_approvals_post_idx" ON "post_approvals" USING btree ("ente_id","post_id");--> statement-breakpoint
CREATE UNIQUE INDEX "post_approvals_valid_key" ON "post_approvals" USING btree ("ente_id","post_id","channel_id","approver_id") WHERE "post_approvals"."invalidated_at" is null;--> statement-breakpoint
CREATE INDEX "post_comments_post_idx" ON "post_comments" USING btree ("ente_id","post_id","created_at");--> statement-breakpoint
CREATE INDEX "post_variants_schedule_idx" ON "post_variants" USING btree ("ente_id","scheduled_at");--> statement-breakpoint
CREATE INDEX "post_variants_channel_schedule_idx" ON "post_variants" USING btree ("ente_id","channel_id","scheduled_at");--> statement-breakpoint
CREATE INDEX "posts_status_idx" ON "posts" USING btree ("ente_id","status","updated_at");--> statement-breakpoint
CREATE INDEX "posts_desired_idx" ON "posts" USING btree ("ente_id","desired_at");--> statement-breakpoint
CREATE INDEX "posts_author_idx" ON "posts" USING btree ("ente_id","author_id");