import { RealtimeTalk } from '@/components/realtime-talk';

// The relay's URL is read when the page is served (it is a server setting, not a build input).
export const dynamic = 'force-dynamic';

export default function RealtimePage() {
  return (
    <RealtimeTalk relayURL={process.env.POLARGRID_REALTIME_RELAY_URL ?? 'ws://127.0.0.1:3001'} />
  );
}
