CREATE TABLE "workshop_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"workshop_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"event" text NOT NULL,
	"participant_id" text,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "workshop_events" ADD CONSTRAINT "workshop_events_workshop_id_workshops_id_fk" FOREIGN KEY ("workshop_id") REFERENCES "public"."workshops"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "workshop_events_workshop_idx" ON "workshop_events" USING btree ("workshop_id","id");--> statement-breakpoint
CREATE INDEX "workshop_events_at_idx" ON "workshop_events" USING btree ("at");