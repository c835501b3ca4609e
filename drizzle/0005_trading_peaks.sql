CREATE TABLE "paper_pnl_peaks" (
	"workflow_id" text PRIMARY KEY NOT NULL,
	"day" date NOT NULL,
	"peak" double precision NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "paper_pnl_peaks" ADD CONSTRAINT "paper_pnl_peaks_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;