import { Link } from 'react-router';
import { useRecommendations } from '../../api/queries';
import { EmptyState, ErrorAlert, Loading } from '../../components/feedback';
import { RecommendationTable } from '../../components/RecommendationTable';

/** A workload's open recommendations, largest savings first, linking to each and to the full filtered list. */
export function WorkloadRecommendations({ workloadKey }: { workloadKey: string }) {
  const open = useRecommendations({ workload: workloadKey, status: 'OPEN' });
  return (
    <section className="card" aria-labelledby="workload-recommendations-heading">
      <div className="card-header">
        <h2 id="workload-recommendations-heading">Recommendations</h2>
        <Link to={`/recommendations?${new URLSearchParams({ workload: workloadKey, status: 'ANY' })}`}>All of this workload's recommendations</Link>
      </div>
      {open.isPending ? (
        <Loading label="Loading recommendations…" />
      ) : open.isError ? (
        <ErrorAlert error={open.error} title="Could not load the recommendations" />
      ) : open.items.length === 0 ? (
        <EmptyState title="No open recommendations for this workload">
          Costwise proposes changes once it has enough telemetry of the workload (batch sizes, precision, GPU utilization and memory).
        </EmptyState>
      ) : (
        <RecommendationTable items={open.items} showWorkload={false} />
      )}
      {open.hasNextPage && (
        <button type="button" className="btn btn-ghost" onClick={() => open.fetchNextPage()} disabled={open.isFetchingNextPage}>
          {open.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      )}
    </section>
  );
}
