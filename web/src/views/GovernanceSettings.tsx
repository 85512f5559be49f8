/** Placeholder until the view lands. */
export default function GovernanceSettings() {
  return <div data-testid="settings-view" />;
}
