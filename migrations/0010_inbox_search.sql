DROP INDEX "inbox_items_list_idx";--> statement-breakpoint
DROP INDEX "inbox_items_fts_idx";--> statement-breakpoint
ALTER TABLE "inbox_items" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('italian', text)) STORED;--> statement-breakpoint
CREATE INDEX "inbox_items_recent_idx" ON "inbox_items" USING btree ("ente_id","direction","received_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "inbox_items_list_idx" ON "inbox_items" USING btree ("ente_id","direction","needs_review" DESC NULLS FIRST,"received_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "inbox_items_fts_idx" ON "inbox_items" USING gin ("search");