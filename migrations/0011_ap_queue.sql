CREATE TABLE "ap_queue" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"activity_id" text,
	"inbox" text,
	"payload" jsonb NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"claim_token" uuid,
	"claims" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"failed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ap_queue_due_idx" ON "ap_queue" USING btree ("due_at") WHERE "ap_queue"."failed_at" is null;