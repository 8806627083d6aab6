// Starts GOV.UK Frontend's components. Loaded as an external module (the CSP allows no inline script
// without a nonce); every page works without it.
import { initAll } from '/govuk/govuk-frontend.min.js';

initAll();
