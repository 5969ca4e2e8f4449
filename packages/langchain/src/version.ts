/**
 * The package version, reported to LangSmith through `_addVersion` and in the client header.
 * A unit test keeps it equal to `package.json`'s version (a JSON import would pull the whole
 * manifest into the bundle).
 */
export const PACKAGE_NAME = '@polargrid/langchain';
export const PACKAGE_VERSION = '0.1.0';
