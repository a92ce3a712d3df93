// What the instance says about itself: `serverInfo`, as W&B's own clients
// select it (cliVersionInfo and latestLocalVersionInfo); its other fields
// answer NOT_IMPLEMENTED.
import { refuseArgs, type Resolver } from './resolver-kit.js';
import type { ServerInfoRecord } from './store.js';

export const Query: Record<string, Resolver> = {
  serverInfo(_source, args, ctx) {
    refuseArgs(args, [], 'Query.serverInfo');
    return ctx.store.serverInfo;
  },
};

export const ServerInfo: Record<string, Resolver> = {
  cliVersionInfo: (info: ServerInfoRecord) => info.cliVersionInfo,
  // W&B's cloud reports no instance version; the Python SDK reads null as "not out of date".
  latestLocalVersionInfo: (info: ServerInfoRecord, _args, ctx) =>
    ctx.store.deployment === 'cloud'
      ? null
      : { outOfDate: info.latestVersion !== info.version, latestVersionString: info.latestVersion, versionOnThisInstanceString: info.version },
};
