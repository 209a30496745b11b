package uk.nhs.hub.project;

/** Impact measures' SQL. Values are read as float8 so that JSON carries them as plain numbers. */
final class MeasureSql {

    private MeasureSql() {
    }

    static final String PROJECT_OF_MEASURE = "SELECT project_id FROM project_measures WHERE id = $1";
    static final String PROJECT_OF_READING = """
        SELECT m.project_id, m.id AS measure_id FROM project_measure_readings r JOIN project_measures m ON m.id = r.measure_id
        WHERE r.id = $1
        """;
    static final String MEASURES = """
        SELECT id, name, unit, baseline::float8 AS baseline, target::float8 AS target, direction
        FROM project_measures WHERE project_id = $1 ORDER BY created_at, id
        """;
    static final String READINGS = """
        SELECT r.id, r.measure_id, r.taken_on, r.value::float8 AS value, r.note
        FROM project_measure_readings r JOIN project_measures m ON m.id = r.measure_id
        WHERE m.project_id = $1 ORDER BY r.taken_on, r.created_at
        """;
    static final String ADD_MEASURE = """
        INSERT INTO project_measures (project_id, name, unit, baseline, target, direction)
        VALUES ($1, $2, $3, $4::float8, $5::float8, $6) RETURNING id
        """;
    /** Baseline and target are replaced only when $7 and $8 say they were sent, since null clears them. */
    static final String UPDATE_MEASURE = """
        UPDATE project_measures SET name = COALESCE($3, name), unit = COALESCE($4, unit),
          baseline = CASE WHEN $7 THEN $5::float8 ELSE baseline END, target = CASE WHEN $8 THEN $6::float8 ELSE target END,
          direction = COALESCE($9, direction)
        WHERE id = $2 AND project_id = $1 RETURNING id
        """;
    static final String DELETE_MEASURE = "DELETE FROM project_measures WHERE id = $2 AND project_id = $1 RETURNING id";
    static final String ADD_READING = """
        INSERT INTO project_measure_readings (measure_id, taken_on, value, note, created_by)
        VALUES ($1, $2, $3::float8, $4, $5) RETURNING id
        """;
    static final String DELETE_READING = "DELETE FROM project_measure_readings WHERE id = $1 RETURNING id";
}
