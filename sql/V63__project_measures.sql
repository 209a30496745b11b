-- A project's impact measures (step 8 of the collaborative service change model, "Checking the impact"): what is
-- counted, in what unit, where it started, where the project aims to take it and which way is better, with dated
-- readings. Values are non-negative with up to two decimal places: measures are counts, rates, percentages and
-- times, and the project page draws them on the hub's charts, which count from zero.
CREATE TABLE project_measures (
    id          uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id  uuid          NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name        text          NOT NULL,
    unit        text          NOT NULL,
    baseline    numeric(14,2),
    target      numeric(14,2),
    direction   text          NOT NULL DEFAULT 'up',
    created_at  timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT project_measures_direction_known CHECK (direction IN ('up', 'down')),
    CONSTRAINT project_measures_not_negative CHECK (baseline >= 0 AND target >= 0)
);
CREATE INDEX project_measures_project_idx ON project_measures (project_id, created_at);

CREATE TABLE project_measure_readings (
    id          uuid          PRIMARY KEY DEFAULT gen_random_uuid(),
    measure_id  uuid          NOT NULL REFERENCES project_measures (id) ON DELETE CASCADE,
    taken_on    date          NOT NULL,
    value       numeric(14,2) NOT NULL,
    note        text          NOT NULL DEFAULT '',
    created_by  uuid          REFERENCES users (id) ON DELETE SET NULL,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT project_measure_readings_not_negative CHECK (value >= 0)
);
CREATE INDEX project_measure_readings_measure_idx ON project_measure_readings (measure_id, taken_on);

