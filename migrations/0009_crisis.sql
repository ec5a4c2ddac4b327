CREATE TABLE "crisis_alerts" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"status" text DEFAULT 'bozza' NOT NULL,
	"msg_type" text DEFAULT 'Alert' NOT NULL,
	"references_id" uuid,
	"code" text NOT NULL,
	"risks" text[] NOT NULL,
	"zones" jsonb NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_to" timestamp with time zone NOT NULL,
	"source" text NOT NULL,
	"measures" text[] DEFAULT '{}'::text[] NOT NULL,
	"behaviour" text[] DEFAULT '{}'::text[] NOT NULL,
	"ordinance_url" text,
	"info_url" text,
	"headline" text NOT NULL,
	"text" text NOT NULL,
	"channel_ids" uuid[] NOT NULL,
	"variants" jsonb NOT NULL,
	"broadcast" boolean DEFAULT false NOT NULL,
	"post_id" uuid,
	"crisis_id" uuid,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"approved_by" uuid,
	"approved_at" timestamp with time zone,
	"fast_path" boolean DEFAULT false NOT NULL,
	"published_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "crisis_alerts_ente_id_id_pk" PRIMARY KEY("ente_id","id"),
	CONSTRAINT "crisis_alerts_status_check" CHECK ("crisis_alerts"."status" in ('bozza', 'approvata', 'pubblicata', 'annullata')),
	CONSTRAINT "crisis_alerts_code_check" CHECK ("crisis_alerts"."code" in ('verde', 'gialla', 'arancione', 'rossa')),
	CONSTRAINT "crisis_alerts_window_check" CHECK ("crisis_alerts"."valid_to" > "crisis_alerts"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "crisis_broadcasts" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"alert_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"text" text NOT NULL,
	"state" text DEFAULT 'in_corso' NOT NULL,
	"total" integer NOT NULL,
	"rate_per_second" double precision NOT NULL,
	"next_slot_at" timestamp with time zone NOT NULL,
	"stop_code" text,
	"stop_it" text,
	"stop_en" text,
	"stopped_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "crisis_broadcasts_ente_id_id_pk" PRIMARY KEY("ente_id","id"),
	CONSTRAINT "crisis_broadcasts_state_check" CHECK ("crisis_broadcasts"."state" in ('in_corso', 'sospeso', 'completato'))
);
--> statement-breakpoint
CREATE TABLE "crises" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"reason" text NOT NULL,
	"declared_by" uuid NOT NULL,
	"declared_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expected_end_at" timestamp with time zone NOT NULL,
	"channel_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"allowed_user_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"ended_at" timestamp with time zone,
	"ended_by" uuid,
	"end_kind" text,
	CONSTRAINT "crises_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
CREATE TABLE "crisis_notifications" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"message_it" text NOT NULL,
	"message_en" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "crisis_notifications_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
CREATE TABLE "crisis_paused_variants" (
	"ente_id" uuid NOT NULL,
	"crisis_id" uuid NOT NULL,
	"post_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"scheduled_at" timestamp with time zone,
	"state" text DEFAULT 'sospeso' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"rescheduled_at" timestamp with time zone,
	CONSTRAINT "crisis_paused_variants_ente_id_crisis_id_post_id_channel_id_pk" PRIMARY KEY("ente_id","crisis_id","post_id","channel_id"),
	CONSTRAINT "crisis_paused_state_check" CHECK ("crisis_paused_variants"."state" in ('sospeso', 'riprogrammato', 'scartato'))
);
--> statement-breakpoint
CREATE TABLE "crisis_deliveries" (
	"ente_id" uuid NOT NULL,
	"broadcast_id" uuid NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"address" text NOT NULL,
	"state" text DEFAULT 'da_inviare' NOT NULL,
	"claim_token" uuid,
	"claimed_by" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"platform_message_id" text,
	"error" text,
	CONSTRAINT "crisis_deliveries_ente_id_broadcast_id_subscriber_id_pk" PRIMARY KEY("ente_id","broadcast_id","subscriber_id"),
	CONSTRAINT "crisis_deliveries_state_check" CHECK ("crisis_deliveries"."state" in ('da_inviare', 'in_invio', 'inviato', 'fallito'))
);
--> statement-breakpoint
CREATE TABLE "crisis_fake_claims" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"claim" text NOT NULL,
	"source_url" text NOT NULL,
	"source_title" text NOT NULL,
	"saved_reply" text NOT NULL,
	"post_id" uuid,
	"threshold" double precision DEFAULT 0.5 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "crisis_fake_claims_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
CREATE TABLE "crisis_inbox_hourly" (
	"ente_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"negative" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "crisis_inbox_hourly_ente_id_channel_id_hour_pk" PRIMARY KEY("ente_id","channel_id","hour")
);
--> statement-breakpoint
CREATE TABLE "crisis_signal_messages" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"channel_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ref" text,
	"text" text NOT NULL,
	"alarmed" boolean DEFAULT false NOT NULL,
	"claim_id" uuid,
	"claim_score" double precision,
	CONSTRAINT "crisis_signal_messages_ente_id_id_pk" PRIMARY KEY("ente_id","id")
);
--> statement-breakpoint
CREATE TABLE "crisis_subscribers" (
	"ente_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"opted_in_at" timestamp with time zone NOT NULL,
	"opt_in_source" text NOT NULL,
	"opted_out_at" timestamp with time zone,
	CONSTRAINT "crisis_subscribers_ente_id_id_pk" PRIMARY KEY("ente_id","id"),
	CONSTRAINT "crisis_subscribers_channel_check" CHECK ("crisis_subscribers"."channel" in ('whatsapp', 'telegram'))
);
--> statement-breakpoint
ALTER TABLE "post_variants" DROP CONSTRAINT "post_variants_status_check";--> statement-breakpoint
ALTER TABLE "crisis_alerts" ADD CONSTRAINT "crisis_alerts_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crisis_broadcasts" ADD CONSTRAINT "crisis_broadcasts_alert_fk" FOREIGN KEY ("ente_id","alert_id") REFERENCES "public"."crisis_alerts"("ente_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crisis_broadcasts" ADD CONSTRAINT "crisis_broadcasts_channel_fk" FOREIGN KEY ("ente_id","channel_id") REFERENCES "public"."channels"("ente_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crises" ADD CONSTRAINT "crises_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crisis_paused_variants" ADD CONSTRAINT "crisis_paused_crisis_fk" FOREIGN KEY ("ente_id","crisis_id") REFERENCES "public"."crises"("ente_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crisis_deliveries" ADD CONSTRAINT "crisis_deliveries_broadcast_fk" FOREIGN KEY ("ente_id","broadcast_id") REFERENCES "public"."crisis_broadcasts"("ente_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crisis_fake_claims" ADD CONSTRAINT "crisis_fake_claims_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "crisis_subscribers" ADD CONSTRAINT "crisis_subscribers_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "crisis_alerts_status_idx" ON "crisis_alerts" USING btree ("ente_id","status","valid_to");--> statement-breakpoint
CREATE UNIQUE INDEX "crisis_broadcasts_alert_key" ON "crisis_broadcasts" USING btree ("ente_id","alert_id","channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "crises_one_open_key" ON "crises" USING btree ("ente_id") WHERE "crises"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "crises_open_idx" ON "crises" USING btree ("expected_end_at") WHERE "crises"."ended_at" is null;--> statement-breakpoint
CREATE INDEX "crisis_notifications_user_idx" ON "crisis_notifications" USING btree ("ente_id","user_id","created_at");--> statement-breakpoint
CREATE INDEX "crisis_deliveries_todo_idx" ON "crisis_deliveries" USING btree ("ente_id","broadcast_id","state");--> statement-breakpoint
CREATE INDEX "crisis_signal_messages_at_idx" ON "crisis_signal_messages" USING btree ("ente_id","channel_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "crisis_subscribers_address_key" ON "crisis_subscribers" USING btree ("ente_id","channel","address");--> statement-breakpoint
ALTER TABLE "post_variants" ADD CONSTRAINT "post_variants_status_check" CHECK ("post_variants"."status" in ('bozza', 'in_approvazione', 'approvato', 'programmato', 'sospeso_crisi', 'pubblicato'));