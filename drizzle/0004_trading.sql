CREATE TABLE "meta" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "paper_orders" (
	"id" text PRIMARY KEY NOT NULL,
	"execution_id" text,
	"node_id" text,
	"workflow_id" text NOT NULL,
	"venue" text NOT NULL,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"type" text NOT NULL,
	"quantity" double precision NOT NULL,
	"limit_price" double precision,
	"status" text NOT NULL,
	"fill_price" double precision,
	"fee" double precision DEFAULT 0 NOT NULL,
	"fee_bps" double precision DEFAULT 0 NOT NULL,
	"realised_pnl" double precision DEFAULT 0 NOT NULL,
	"reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"filled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "paper_positions" (
	"workflow_id" text NOT NULL,
	"venue" text NOT NULL,
	"symbol" text NOT NULL,
	"quantity" double precision DEFAULT 0 NOT NULL,
	"avg_price" double precision DEFAULT 0 NOT NULL,
	"realised_pnl" double precision DEFAULT 0 NOT NULL,
	"mark_price" double precision,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "paper_positions_workflow_id_venue_symbol_pk" PRIMARY KEY("workflow_id","venue","symbol")
);
--> statement-breakpoint
ALTER TABLE "paper_orders" ADD CONSTRAINT "paper_orders_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "paper_positions" ADD CONSTRAINT "paper_positions_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "paper_orders_execution_node_idx" ON "paper_orders" USING btree ("execution_id","node_id");--> statement-breakpoint
CREATE INDEX "paper_orders_workflow_created_idx" ON "paper_orders" USING btree ("workflow_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "paper_orders_created_idx" ON "paper_orders" USING btree ("created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "paper_orders_open_idx" ON "paper_orders" USING btree ("workflow_id","venue","symbol") WHERE status = 'open';