using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using EId.ModelImport.Conversion;
using EId.ModelImport.Fetching;
using EId.ModelImport.Onnx;
using EId.ModelImport.Tfjs;
using Microsoft.ML.OnnxRuntime;

namespace EId.ModelImport.Catalog;

/// <summary>
/// Fills <c>.cache/models</c>: fetches the pinned packages, copies the ONNX models, converts the
/// TF.js ones, checks each loads in ONNX Runtime, and writes <c>manifest.json</c> (provenance,
/// SHA-256, input/output contracts). Does nothing when the manifest and files are already current.
/// </summary>
public sealed class ModelImporter(string cacheFolder, TextWriter log)
{
    /// <summary>The manifest file name inside the models folder.</summary>
    public const string ManifestFileName = "manifest.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Where the ONNX files go.</summary>
    public string ModelsFolder => Path.Combine(cacheFolder, "models");

    /// <summary>Where the npm tarballs go.</summary>
    public string NpmFolder => Path.Combine(cacheFolder, "npm");

    /// <summary>Imports everything unless up to date (or <paramref name="force"/>).</summary>
    /// <exception cref="InvalidOperationException">Fetching, integrity, conversion or validation failed.</exception>
    public void Run(bool force)
    {
        Directory.CreateDirectory(ModelsFolder);
        using var gate = AcquireLock();
        var reason = "forced";
        if (!force && IsUpToDate(out reason))
        {
            log.WriteLine($"EId models: up to date in {ModelsFolder}");
            return;
        }

        log.WriteLine($"EId models: importing into {ModelsFolder} ({reason})");
        var total = Stopwatch.StartNew();
        var fetcher = new NpmFetcher(NpmFolder, log);
        var entries = new JsonArray();
        foreach (var package in ModelCatalog.Packages)
        {
            var tarball = fetcher.Fetch(package);
            var specs = ModelCatalog.Models.Where(m => m.Package == package).ToArray();
            var files = ReadSourceFiles(tarball, specs);
            foreach (var spec in specs)
            {
                entries.Add(ImportOne(spec, files));
            }
        }

        var manifest = new JsonObject
        {
            ["schema"] = 1,
            ["importerVersion"] = ModelCatalog.ImporterVersion,
            ["note"] = "Licences are the source packages' own declarations; training data is not stated by either package.",
            ["models"] = entries,
        };
        WriteAtomically(Path.Combine(ModelsFolder, ManifestFileName), System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString(Indented)));
        log.WriteLine($"EId models: {entries.Count} models ready in {total.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>The folder the sample photos are extracted to.</summary>
    public string SamplesFolder => Path.Combine(cacheFolder, "face-api");

    /// <summary>Extracts the pinned sample photos (<see cref="ModelCatalog.SamplePhotos"/>) unless they are all present.</summary>
    /// <exception cref="InvalidOperationException">Fetching or the integrity check failed.</exception>
    public void EnsureSamples()
    {
        var targets = ModelCatalog.SamplePhotos.ToDictionary(p => p, p => Path.Combine(SamplesFolder, Path.GetFileName(p)), StringComparer.Ordinal);
        if (targets.Values.All(File.Exists))
        {
            return;
        }

        Directory.CreateDirectory(SamplesFolder);
        using var gate = AcquireLock();
        if (targets.Values.All(File.Exists))
        {
            return; // another import extracted them while this one waited for the lock
        }

        var tarball = new NpmFetcher(NpmFolder, log).Fetch(ModelCatalog.FaceApiSamples);
        var files = TarballReader.ReadFiles(tarball, targets.ContainsKey);
        var missing = targets.Keys.Where(p => !files.ContainsKey(p)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidOperationException($"{ModelCatalog.FaceApiSamples.Spec} has no {string.Join(", ", missing)}.");
        }

        foreach (var (path, bytes) in files)
        {
            WriteAtomically(targets[path], bytes);
        }

        log.WriteLine($"EId samples: {targets.Count} photos from {ModelCatalog.FaceApiSamples.Spec} in {SamplesFolder}");
    }

    // Reads the specs' files from the tarball: the .onnx or model JSON, plus the weight shards the
    // JSONs list (usually <name>.bin, read in the first pass; others in a second pass).
    private static Dictionary<string, byte[]> ReadSourceFiles(string tarball, IReadOnlyList<ModelSpec> specs)
    {
        var wanted = specs.Select(s => s.PathInPackage).ToHashSet(StringComparer.Ordinal);
        var likelyShards = specs.Where(s => s.Kind == ModelSourceKind.ConvertedTfjs)
            .Select(s => s.PathInPackage[..^".json".Length] + ".bin").ToHashSet(StringComparer.Ordinal);
        var files = TarballReader.ReadFiles(tarball, p => wanted.Contains(p) || likelyShards.Contains(p));
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in specs.Where(s => s.Kind == ModelSourceKind.ConvertedTfjs && files.ContainsKey(s.PathInPackage)))
        {
            var folder = spec.PathInPackage[..(spec.PathInPackage.LastIndexOf('/') + 1)];
            try
            {
                using var doc = JsonDocument.Parse(files[spec.PathInPackage]);
                if (doc.RootElement.TryGetProperty("weightsManifest", out var manifest) && manifest.ValueKind == JsonValueKind.Array)
                {
                    foreach (var path in manifest.EnumerateArray().Where(g => g.ValueKind == JsonValueKind.Object && g.TryGetProperty("paths", out _))
                                 .SelectMany(g => g.GetProperty("paths").EnumerateArray()).Where(p => p.ValueKind == JsonValueKind.String))
                    {
                        if (!files.ContainsKey(folder + path.GetString()))
                        {
                            missing.Add(folder + path.GetString());
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // The reader reports malformed JSON with a typed error during conversion.
            }
        }

        if (missing.Count > 0)
        {
            foreach (var (path, bytes) in TarballReader.ReadFiles(tarball, missing.Contains))
            {
                files[path] = bytes;
            }
        }

        return files;
    }

    /// <summary>Converts one TF.js model held in memory; the <paramref name="files"/> keys are tarball paths.</summary>
    /// <exception cref="InvalidOperationException">The model cannot be read or converted.</exception>
    public static (byte[] Onnx, TfjsGraphModel Source) Convert(ModelSpec spec, IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(files);
        var folder = spec.PathInPackage[..(spec.PathInPackage.LastIndexOf('/') + 1)];
        var read = TfjsModelReader.Read(files[spec.PathInPackage], shard => files.GetValueOrDefault(folder + shard));
        if (!read.TryGetValue(out var model, out var readError))
        {
            throw new InvalidOperationException($"{spec.Name}: {readError}");
        }

        var metadata = new Dictionary<string, string>
        {
            ["source_package"] = spec.Package.Spec,
            ["source_integrity"] = spec.Package.Integrity,
            ["source_path"] = spec.PathInPackage,
            ["declared_license"] = spec.Package.DeclaredLicense,
            ["layout"] = spec.Layout,
        };
        var converted = TfjsToOnnxConverter.Convert(model, spec.Name, metadata);
        if (!converted.TryGetValue(out var onnx, out var convertError))
        {
            throw new InvalidOperationException($"{spec.Name}: {convertError}");
        }

        return (OnnxWriter.Serialize(onnx), model);
    }

    private JsonObject ImportOne(ModelSpec spec, Dictionary<string, byte[]> files)
    {
        var watch = Stopwatch.StartNew();
        byte[] bytes;
        JsonObject? histogram = null;
        if (!files.TryGetValue(spec.PathInPackage, out var source))
        {
            throw new InvalidOperationException($"{spec.Package.Spec} has no {spec.PathInPackage}.");
        }

        if (spec.Kind == ModelSourceKind.CopiedOnnx)
        {
            bytes = source;
        }
        else
        {
            var (onnx, model) = Convert(spec, files);
            bytes = onnx;
            histogram = [];
            foreach (var (op, count) in model.OpHistogram())
            {
                histogram[op] = count;
            }
        }

        var path = Path.Combine(ModelsFolder, spec.Name + ".onnx");
        WriteAtomically(path, bytes);
        var (inputs, outputs) = Probe(spec, path);
        log.WriteLine($"  {spec.Name}: {(spec.Kind == ModelSourceKind.CopiedOnnx ? "copied" : "converted")}, {bytes.Length / 1024} KiB, {watch.ElapsedMilliseconds} ms, loads in ONNX Runtime");
        var entry = new JsonObject
        {
            ["name"] = spec.Name,
            ["file"] = spec.Name + ".onnx",
            ["sha256"] = PackageIntegrity.Sha256Hex(bytes),
            ["bytes"] = bytes.Length,
            ["kind"] = spec.Kind == ModelSourceKind.CopiedOnnx ? "copied" : "converted",
            ["purpose"] = spec.Purpose,
            ["source"] = new JsonObject
            {
                ["package"] = spec.Package.Name,
                ["version"] = spec.Package.Version,
                ["integrity"] = spec.Package.Integrity,
                ["declaredLicense"] = spec.Package.DeclaredLicense,
                ["path"] = spec.PathInPackage,
                ["sha256"] = PackageIntegrity.Sha256Hex(source),
            },
            ["layout"] = spec.Layout,
            ["channelOrder"] = spec.ChannelOrder,
            ["normalisation"] = spec.Normalisation,
            ["inputs"] = inputs,
            ["outputs"] = outputs,
        };
        if (histogram is not null)
        {
            entry["opHistogram"] = histogram;
        }

        return entry;
    }

    // Loads the model and runs it once on zeros: proves ONNX Runtime accepts it and gives the
    // concrete output shapes for the manifest (symbolic dims are reported as -1).
    private static (JsonArray Inputs, JsonArray Outputs) Probe(ModelSpec spec, string path)
    {
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidOperationException($"{spec.Name}: ONNX Runtime rejects the model: {e.Message}", e);
        }

        using (session)
        {
            var inputs = new JsonArray();
            var feeds = new List<NamedOnnxValue>();
            foreach (var (name, meta) in session.InputMetadata)
            {
                inputs.Add(new JsonObject { ["name"] = name, ["shape"] = Shape(meta.Dimensions), ["type"] = "float32" });
                var dims = meta.Dimensions.Select(d => d < 0 ? 1 : d).ToArray();
                feeds.Add(NamedOnnxValue.CreateFromTensor(name, new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(dims)));
            }

            var symbolicBatch = session.InputMetadata.Values.Any(m => m.Dimensions.Length > 0 && m.Dimensions[0] < 0);
            var outputs = new JsonArray();
            using var results = session.Run(feeds);
            foreach (var result in results)
            {
                var tensor = result.AsTensor<float>();
                var shape = tensor.Dimensions.ToArray().Select((d, i) => i == 0 && symbolicBatch ? -1 : d).ToArray();
                outputs.Add(new JsonObject { ["name"] = result.Name, ["shape"] = Shape(shape), ["type"] = "float32" });
            }

            return (inputs, outputs);
        }
    }

    private static JsonArray Shape(IEnumerable<int> dims) => new(dims.Select(d => (JsonNode)d).ToArray());

    private bool IsUpToDate(out string reason)
    {
        var manifestPath = Path.Combine(ModelsFolder, ManifestFileName);
        reason = "no manifest";
        if (!File.Exists(manifestPath))
        {
            return false;
        }

        try
        {
            var manifest = JsonNode.Parse(File.ReadAllBytes(manifestPath));
            if ((string?)manifest?["importerVersion"] != ModelCatalog.ImporterVersion)
            {
                reason = "importer version changed";
                return false;
            }

            var models = manifest!["models"]!.AsArray();
            var manifestWritten = File.GetLastWriteTimeUtc(manifestPath);
            foreach (var spec in ModelCatalog.Models)
            {
                var entry = models.FirstOrDefault(m => (string?)m?["name"] == spec.Name);
                var file = new FileInfo(Path.Combine(ModelsFolder, spec.Name + ".onnx"));
                if (entry is null || !file.Exists
                    || (string?)entry["source"]?["integrity"] != spec.Package.Integrity
                    || !IsUnchanged(file, entry, manifestWritten))
                {
                    reason = $"{spec.Name} missing or changed";
                    return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException)
        {
            reason = "unreadable manifest";
            return false;
        }
    }

    // This runs on every build, so it hashes a model only when the file system says it may have
    // changed: a different size, or written after the manifest (the importer writes the manifest last).
    // ModelLocator.ReadVerified still checks the SHA-256 at load time.
    private static bool IsUnchanged(FileInfo file, JsonNode entry, DateTime manifestWritten) =>
        (long?)entry["bytes"] == file.Length
        && (file.LastWriteTimeUtc <= manifestWritten
            || (string?)entry["sha256"] == PackageIntegrity.Sha256Hex(File.ReadAllBytes(file.FullName)));

    // Several builds may run the import at once (parallel project builds, concurrent developers):
    // one waits for the other, then finds the cache current.
    private FileStream AcquireLock()
    {
        var path = Path.Combine(cacheFolder, ".import.lock");
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(20))
            {
                if (waited.ElapsedMilliseconds < 1000)
                {
                    log.WriteLine("EId models: another import is running; waiting…");
                }

                Thread.Sleep(1000);
            }
        }
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var temp = $"{path}.tmp-{Environment.ProcessId}";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }
}
