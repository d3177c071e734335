namespace EId.Biometrics.Models.Manifest;

/// <summary>Where a model file came from.</summary>
/// <param name="Package">npm package name.</param>
/// <param name="Version">Exact package version.</param>
/// <param name="Integrity">The package tarball's pinned <c>sha512-…</c> integrity.</param>
/// <param name="DeclaredLicense">The licence the package declares (its own statement, not verified by EId).</param>
/// <param name="Path">Path of the source file inside the tarball.</param>
/// <param name="Sha256">SHA-256 of that source file (for converted models, of the TF.js JSON).</param>
public sealed record ModelSource(string Package, string Version, string Integrity, string DeclaredLicense, string Path, string Sha256);
