CREATE TABLE "survey_ballots" (
	"id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"month" text NOT NULL,
	"sealed" "bytea" NOT NULL
);
--> statement-breakpoint
ALTER TABLE "survey_ballots" ADD CONSTRAINT "survey_ballots_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "survey_ballots_team_idx" ON "survey_ballots" USING btree ("team_id","month");