CREATE TABLE "node_run_chunks" (
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "node_run_chunks_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1048576 CACHE 1),
	"execution_id" text NOT NULL,
	"runs" json NOT NULL,
	CONSTRAINT "node_run_chunks_execution_id_id_pk" PRIMARY KEY("execution_id","id")
);
