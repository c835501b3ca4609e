-- node_run_chunks has no foreign key to executions (its check cost half a checkpoint batch's time
-- in Postgres): deleting executions, by id, by retention or by deleting their workflow (CASCADE),
-- deletes their chunks here instead, once per statement.
CREATE FUNCTION "node_run_chunks_of_deleted_executions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "node_run_chunks" c USING "deleted_executions" d WHERE c."execution_id" = d."id";
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "executions_delete_node_run_chunks" AFTER DELETE ON "executions"
  REFERENCING OLD TABLE AS "deleted_executions"
  FOR EACH STATEMENT EXECUTE FUNCTION "node_run_chunks_of_deleted_executions"();
