import type { RiskProfileResponse, RiskProfileVersionInput } from '@loadwatch/shared/contracts';
import { useSession } from '../api/session';
import { useResource } from '../api/use-resource';
import { RiskProfileForm } from '../components/RiskProfileForm';
import { formatLocalDate, todayIn } from '../format/format';

export function BoneHealthPage() {
  const { api, me } = useSession();
  const profile = useResource(() => api.get<RiskProfileResponse>('/api/risk-profile'), 'risk-profile');
  const latest = profile.data?.versions[0];
  const save = async (version: RiskProfileVersionInput) => {
    await api.put('/api/risk-profile', version);
    await profile.reload();
  };
  return (
    <div className="page">
      <header className="page-head">
        <h1>Bone health (optional)</h1>
        <p className="muted">
          These questions help Loadwatch notice when a jump in training comes together with factors that
          research links to bone stress injuries. Answering is up to you; every question can be skipped or
          declined. Only you, and coaches you share health data with, see the answers. Each save keeps a dated
          version.
        </p>
        {latest && <p>Last saved for {formatLocalDate(latest.date)}.</p>}
      </header>
      <section className="card">
        {profile.loading && !profile.data ? (
          <p aria-busy="true">Loading…</p>
        ) : (
          <RiskProfileForm latest={latest} today={todayIn(me?.timeZone ?? 'UTC')} onSubmit={save} />
        )}
      </section>
    </div>
  );
}
