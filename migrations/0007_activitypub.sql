CREATE TABLE "ap_actor_keys" (
	"ente_id" uuid PRIMARY KEY NOT NULL,
	"public_key_jwk" jsonb NOT NULL,
	"private_key_sealed" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ap_followers" (
	"ente_id" uuid NOT NULL,
	"actor_uri" text NOT NULL,
	"inbox_url" text NOT NULL,
	"shared_inbox_url" text,
	"follow_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ap_followers_ente_id_actor_uri_pk" PRIMARY KEY("ente_id","actor_uri")
);
--> statement-breakpoint
CREATE TABLE "ap_kv" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"expires_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ap_note_media" (
	"ente_id" uuid NOT NULL,
	"note_key" text NOT NULL,
	"idx" integer NOT NULL,
	"mime" text NOT NULL,
	"alt_text" text,
	"data" "bytea" NOT NULL,
	CONSTRAINT "ap_note_media_ente_id_note_key_idx_pk" PRIMARY KEY("ente_id","note_key","idx")
);
--> statement-breakpoint
CREATE TABLE "ap_outbox" (
	"ente_id" uuid NOT NULL,
	"note_key" text NOT NULL,
	"activity" jsonb NOT NULL,
	"source_text" text NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"queued_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "ap_outbox_ente_id_note_key_pk" PRIMARY KEY("ente_id","note_key")
);
--> statement-breakpoint
ALTER TABLE "ap_actor_keys" ADD CONSTRAINT "ap_actor_keys_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_followers" ADD CONSTRAINT "ap_followers_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_note_media" ADD CONSTRAINT "ap_note_media_note_fk" FOREIGN KEY ("ente_id","note_key") REFERENCES "public"."ap_outbox"("ente_id","note_key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ap_outbox" ADD CONSTRAINT "ap_outbox_ente_id_enti_id_fk" FOREIGN KEY ("ente_id") REFERENCES "public"."enti"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ap_followers_created_idx" ON "ap_followers" USING btree ("ente_id","created_at");--> statement-breakpoint
CREATE INDEX "ap_kv_expires_idx" ON "ap_kv" USING btree ("expires_at") WHERE "ap_kv"."expires_at" is not null;--> statement-breakpoint
CREATE INDEX "ap_outbox_published_idx" ON "ap_outbox" USING btree ("ente_id","published_at");