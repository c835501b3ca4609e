ALTER TABLE "executions" DROP CONSTRAINT "executions_workflow_id_workflows_id_fk";
--> statement-breakpoint
-- executions has no foreign key to workflows any more: checking it, and the FOR KEY SHARE lock it
-- takes on the workflow row (contended by concurrent checkpoint batches of one workflow), cost
-- every execution row a checkpoint batch writes. Deleting workflows deletes their executions here
-- instead, once per statement (and those deletes their node runs and chunks, see 0008).
CREATE FUNCTION "executions_of_deleted_workflows"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "executions" e USING "deleted_workflows" d WHERE e."workflow_id" = d."id";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "workflows_delete_executions" AFTER DELETE ON "workflows"
  REFERENCING OLD TABLE AS "deleted_workflows"
  FOR EACH STATEMENT EXECUTE FUNCTION "executions_of_deleted_workflows"();
