import path from "node:path";

export const TEMPLATE_DATABASE = "clinic_pulse_test_template";
export const TEMPLATE_DUMP = path.resolve(".test-data/template.tar.gz");
