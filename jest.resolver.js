// Sources name their siblings as Node's ESM loader needs them in the published
// builds ('./errors.js', './package-dir.cjs'); TypeScript maps those names to
// the .ts/.cts/.mts sources, and so does this resolver, for the repository's own
// files only (never inside node_modules, where a '.js' is a real file).
module.exports = (request, options) => {
  try {
    return options.defaultResolver(request, options);
  } catch (error) {
    const source = /^\.{1,2}\/.*\.[cm]?js$/.test(request) && !options.basedir.split(/[\\/]/).includes('node_modules');
    if (!source) throw error;
    return options.defaultResolver(request.replace(/js$/, 'ts'), options);
  }
};
