CREATE TABLE "runtime_instances" (
	"id" text PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"pid" integer NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workflow_state" (
	"workflow_id" text NOT NULL,
	"key" text NOT NULL,
	"value" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workflow_state_workflow_id_key_pk" PRIMARY KEY("workflow_id","key")
);
--> statement-breakpoint
ALTER TABLE "node_runs" ALTER COLUMN "duration_ms" SET DATA TYPE double precision;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "trigger_node_id" text;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "output" jsonb;--> statement-breakpoint
ALTER TABLE "executions" ADD COLUMN "last_seq" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "node_runs" ADD COLUMN "node_type" text NOT NULL;--> statement-breakpoint
ALTER TABLE "node_runs" ADD COLUMN "wait" jsonb;--> statement-breakpoint
ALTER TABLE "workflow_state" ADD CONSTRAINT "workflow_state_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;