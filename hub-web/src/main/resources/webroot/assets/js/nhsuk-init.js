// Starts the NHS.UK frontend components (header menu, password reveal, error summary focus, buttons).
import { initAll } from '/assets/nhsuk/nhsuk-frontend.min.js';

initAll();
