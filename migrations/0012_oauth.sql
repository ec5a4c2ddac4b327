CREATE TABLE "oauth_apps" (
	"ente_id" uuid NOT NULL,
	"app_group" text NOT NULL,
	"instance" text DEFAULT '' NOT NULL,
	"client_id" text NOT NULL,
	"key_id" text,
	"iv" text,
	"tag" text,
	"ciphertext" text,
	"source" text NOT NULL,
	"redirect_uri" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	CONSTRAINT "oauth_apps_ente_id_app_group_instance_pk" PRIMARY KEY("ente_id","app_group","instance"),
	CONSTRAINT "oauth_apps_group_check" CHECK ("oauth_apps"."app_group" in ('mastodon', 'x', 'linkedin', 'meta', 'youtube')),
	CONSTRAINT "oauth_apps_source_check" CHECK ("oauth_apps"."source" in ('entered', 'registered'))
);
--> statement-breakpoint
CREATE TABLE "oauth_flows" (
	"ente_id" uuid NOT NULL,
	"state_hash" text NOT NULL,
	"channel_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"redirect_uri" text NOT NULL,
	"key_id" text,
	"iv" text,
	"tag" text,
	"ciphertext" text,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "oauth_flows_ente_id_state_hash_pk" PRIMARY KEY("ente_id","state_hash")
);
--> statement-breakpoint
ALTER TABLE "oauth_apps" ADD CONSTRAINT "oauth_apps_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_flows" ADD CONSTRAINT "oauth_flows_channel_fk" FOREIGN KEY ("ente_id","channel_id") REFERENCES "public"."channels"("ente_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oauth_flows_created_idx" ON "oauth_flows" USING btree ("created_at");