/**
 * Airflow's sensitive-field rule: a value whose name looks secret is hidden (`***`) in API
 * output and masked in task logs. One rule for every place that hides values.
 */
const SECRET_NAME = /passw(or)?d|passphrase|secret|token|key|private|credential|authorization/i;

export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}
