const { pathToFileURL } = require('node:url');

/** 53210 -> "53.2 kB": decimal units, as `npm pack` prints sizes. */
function formatBytes(bytes) {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1000 * 1000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1000 / 1000).toFixed(2)} MB`;
}

/** Whether the module at `url` is the script node was started with (not imported by a test). */
function isMain(url) {
  return process.argv[1] !== undefined && url === pathToFileURL(process.argv[1]).href;
}

module.exports = { formatBytes, isMain };
