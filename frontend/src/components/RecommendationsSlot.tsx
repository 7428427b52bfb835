/**
 * SLOT: "Open savings / top recommendations" on the Overview.
 *
 * Reserved for the recommendations of the `recommendation` module (DESIGN.md §6): the open savings in
 * USD per month and the top recommendations with the dollars each saves. There is no recommendations
 * API yet, so this renders nothing and calls nothing. When `GET /api/v1/recommendations` exists, load
 * it here (through `src/api/endpoints.ts`) and render a card; the Overview already places this slot.
 */
export function RecommendationsSlot() {
  return null;
}
