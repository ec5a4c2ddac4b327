CREATE TABLE "inbox_digests" (
	"ente_id" uuid NOT NULL,
	"day" date NOT NULL,
	"summary" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "inbox_digests_ente_id_day_pk" PRIMARY KEY("ente_id","day")
);
--> statement-breakpoint
CREATE TABLE "inbox_events" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"platform" text NOT NULL,
	"body" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"error" text,
	"processed_at" timestamp with time zone,
	CONSTRAINT "inbox_events_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_items" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"thread_id" uuid NOT NULL,
	"platform_id" text NOT NULL,
	"kind" text NOT NULL,
	"direction" text DEFAULT 'in' NOT NULL,
	"parent_ref" text,
	"author_platform_id" text NOT NULL,
	"author_name" text NOT NULL,
	"author_handle" text,
	"text" text NOT NULL,
	"url" text,
	"received_at" timestamp with time zone NOT NULL,
	"stored_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"is_question" boolean DEFAULT false NOT NULL,
	"category" text,
	"moderated_at" timestamp with time zone,
	"decision" text,
	"decision_id" uuid,
	"clause_number" text,
	"needs_review" boolean DEFAULT false NOT NULL,
	"platform_state" text DEFAULT 'visible' NOT NULL,
	"manual_action" text,
	"desk_id" uuid,
	"assignee_id" uuid,
	"due_at" timestamp with time zone,
	"answered_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"sent_by" uuid,
	"erased_at" timestamp with time zone,
	CONSTRAINT "inbox_items_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_notes" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid NOT NULL,
	"author_id" uuid,
	"author_name" text NOT NULL,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_notes_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_poll_cursors" (
	"ente_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"cursor" text,
	"polled_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inbox_poll_cursors_ente_id_channel_id_pk" PRIMARY KEY("ente_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "inbox_recurring_answers" (
	"ente_id" uuid NOT NULL,
	"signature" text NOT NULL,
	"post_id" uuid NOT NULL,
	"saved_reply_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_recurring_answers_ente_id_signature_pk" PRIMARY KEY("ente_id","signature")
);
--> statement-breakpoint
CREATE TABLE "inbox_sanctions" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"author_platform_id" text NOT NULL,
	"author_name" text NOT NULL,
	"clause_number" text NOT NULL,
	"kind" text NOT NULL,
	"violations" integer NOT NULL,
	"window_days" integer NOT NULL,
	"status" text DEFAULT 'proposta' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_sanctions_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_saved_replies" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"category" text,
	"post_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "inbox_saved_replies_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_settings" (
	"ente_id" uuid PRIMARY KEY NOT NULL,
	"retention_days" integer DEFAULT 730 NOT NULL,
	"soon_hours" integer DEFAULT 4 NOT NULL,
	"recurring_min_people" integer DEFAULT 3 NOT NULL,
	"carta_dei_servizi_url" text,
	"saved_replies_seeded" boolean DEFAULT false NOT NULL,
	"last_purge_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox_surveys" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"item_id" uuid,
	"token_hash" text NOT NULL,
	"service" text NOT NULL,
	"carta_url" text,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	"score" integer,
	"comment" text,
	CONSTRAINT "inbox_surveys_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_threads" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"thread_ref" text NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "inbox_threads_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
ALTER TABLE "inbox_digests" ADD CONSTRAINT "inbox_digests_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_events" ADD CONSTRAINT "inbox_events_channel_fk" FOREIGN KEY ("ente_id","channel_id") REFERENCES "public"."channels"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_items" ADD CONSTRAINT "inbox_items_channel_fk" FOREIGN KEY ("ente_id","channel_id") REFERENCES "public"."channels"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_items" ADD CONSTRAINT "inbox_items_thread_fk" FOREIGN KEY ("ente_id","thread_id") REFERENCES "public"."inbox_threads"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_items" ADD CONSTRAINT "inbox_items_desk_fk" FOREIGN KEY ("ente_id","desk_id") REFERENCES "public"."desks"("ente_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_notes" ADD CONSTRAINT "inbox_notes_item_fk" FOREIGN KEY ("ente_id","item_id") REFERENCES "public"."inbox_items"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_poll_cursors" ADD CONSTRAINT "inbox_poll_cursors_channel_fk" FOREIGN KEY ("ente_id","channel_id") REFERENCES "public"."channels"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_recurring_answers" ADD CONSTRAINT "inbox_recurring_answers_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_sanctions" ADD CONSTRAINT "inbox_sanctions_channel_fk" FOREIGN KEY ("ente_id","channel_id") REFERENCES "public"."channels"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_saved_replies" ADD CONSTRAINT "inbox_saved_replies_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_settings" ADD CONSTRAINT "inbox_settings_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_surveys" ADD CONSTRAINT "inbox_surveys_ente_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inbox_threads" ADD CONSTRAINT "inbox_threads_channel_fk" FOREIGN KEY ("ente_id","channel_id") REFERENCES "public"."channels"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inbox_events_pending_idx" ON "inbox_events" USING btree ("received_at") WHERE "inbox_events"."status" = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_items_platform_key" ON "inbox_items" USING btree ("ente_id","channel_id","platform_id");--> statement-breakpoint
CREATE INDEX "inbox_items_list_idx" ON "inbox_items" USING btree ("ente_id","needs_review" DESC NULLS LAST,"received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "inbox_items_status_idx" ON "inbox_items" USING btree ("ente_id","status","received_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "inbox_items_thread_idx" ON "inbox_items" USING btree ("ente_id","thread_id","received_at");--> statement-breakpoint
CREATE INDEX "inbox_items_author_idx" ON "inbox_items" USING btree ("ente_id","channel_id","author_platform_id");--> statement-breakpoint
CREATE INDEX "inbox_items_due_idx" ON "inbox_items" USING btree ("ente_id","due_at") WHERE "inbox_items"."answered_at" IS NULL AND "inbox_items"."due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "inbox_items_unmoderated_idx" ON "inbox_items" USING btree ("stored_at") WHERE "inbox_items"."moderated_at" IS NULL;--> statement-breakpoint
CREATE INDEX "inbox_items_fts_idx" ON "inbox_items" USING gin (to_tsvector('italian', "text"));--> statement-breakpoint
CREATE INDEX "inbox_notes_item_idx" ON "inbox_notes" USING btree ("ente_id","item_id");--> statement-breakpoint
CREATE INDEX "inbox_sanctions_author_idx" ON "inbox_sanctions" USING btree ("ente_id","channel_id","author_platform_id","clause_number");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_surveys_token_key" ON "inbox_surveys" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_threads_ref_key" ON "inbox_threads" USING btree ("ente_id","channel_id","thread_ref");
