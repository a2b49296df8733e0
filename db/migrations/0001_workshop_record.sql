CREATE TABLE "actions" (
	"id" text PRIMARY KEY NOT NULL,
	"workshop_id" text NOT NULL,
	"text" text NOT NULL,
	"owner_id" text,
	"owner_name" text,
	"due_date" text,
	"priority" text DEFAULT 'medium' NOT NULL,
	"votes" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"turn_id" text,
	"scenario_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "turn_events" (
	"id" text PRIMARY KEY NOT NULL,
	"workshop_id" text NOT NULL,
	"turn_id" text NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"at_ms" integer NOT NULL,
	"text" text NOT NULL,
	"evidence_kind" text,
	"label" text,
	"author_id" text
);
--> statement-breakpoint
CREATE TABLE "workshop_draws" (
	"workshop_id" text NOT NULL,
	"seq" integer NOT NULL,
	"scenario_id" text NOT NULL,
	"participant_id" text NOT NULL,
	"drawn_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workshop_notes" (
	"id" text PRIMARY KEY NOT NULL,
	"workshop_id" text NOT NULL,
	"wall" text NOT NULL,
	"text" text NOT NULL,
	"group_name" text DEFAULT '' NOT NULL,
	"author_id" text,
	"turn_id" text,
	"scenario_id" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "workshop_turns" (
	"id" text PRIMARY KEY NOT NULL,
	"workshop_id" text NOT NULL,
	"position" integer NOT NULL,
	"participant_id" text NOT NULL,
	"scenario_id" text,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "turn_events" ADD CONSTRAINT "turn_events_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_draws" ADD CONSTRAINT "workshop_draws_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_notes" ADD CONSTRAINT "workshop_notes_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workshop_turns" ADD CONSTRAINT "workshop_turns_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "actions_workshop_idx" ON "actions" USING btree ("workshop_id");--> statement-breakpoint
CREATE INDEX "actions_status_idx" ON "actions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "turn_events_turn_idx" ON "turn_events" USING btree ("turn_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "workshop_draws_pk" ON "workshop_draws" USING btree ("workshop_id","seq");--> statement-breakpoint
CREATE INDEX "workshop_notes_workshop_idx" ON "workshop_notes" USING btree ("workshop_id");--> statement-breakpoint
CREATE INDEX "workshop_turns_workshop_idx" ON "workshop_turns" USING btree ("workshop_id","position");