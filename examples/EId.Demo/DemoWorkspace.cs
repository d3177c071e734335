using EId.Biometrics.Pipeline;
using EId.Documents;
using EId.Faces;
using EId.Issuance.Issuing;
using EId.Registry.Storage;
using EId.Risk;
using Microsoft.Extensions.DependencyInjection;

namespace EId.Demo;

/// <summary>
/// The demo's work folder: where its stores, keys, sample photos, card files and frames live, how the EId services
/// are registered on it (embedded defaults: SQLite everywhere, bundled models), and the first-run data preparation.
/// The kiosk (in-process), the server and the courier all use it, so each sees the same citizens and keys.
/// </summary>
/// <param name="Folder">The absolute work folder.</param>
public sealed record DemoWorkspace(string Folder)
{
    /// <summary>
    /// The default work folder, the same for every host wherever it was started from: <c>artifacts/demo</c> of the
    /// repository that holds the working directory or the running program (found by its <c>EId.sln</c>), else
    /// <c>./eid-demo</c>. (<c>dotnet run</c> of a web project starts it in the project's folder, so the working directory alone
    /// gave the server a work folder, and keys, of its own.)
    /// </summary>
    public static string DefaultFolder => DefaultFolderFor(Directory.GetCurrentDirectory());

    /// <summary>The default work folder for a host started in <paramref name="workingDirectory"/> (see <see cref="DefaultFolder"/>).</summary>
    /// <param name="workingDirectory">The host's working directory.</param>
    /// <returns>The absolute work folder.</returns>
    public static string DefaultFolderFor(string workingDirectory) =>
        RepositoryRoot(workingDirectory) is { } root ? Path.Combine(root, "artifacts", "demo") : Path.Combine(Path.GetFullPath(workingDirectory), "eid-demo");

    private static string? RepositoryRoot(string workingDirectory)
    {
        foreach (var start in new[] { workingDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EId.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    /// <summary>The identity registry database.</summary>
    public string RegistryDatabase => Path.Combine(Folder, "registry.db");

    /// <summary>The risk store database (events, devices, nonces).</summary>
    public string RiskDatabase => Path.Combine(Folder, "risk.db");

    /// <summary>The issuer's request journal.</summary>
    public string JournalDatabase => Path.Combine(Folder, "issuance-journal.db");

    /// <summary>The postal ledger database.</summary>
    public string PostalDatabase => Path.Combine(Folder, "postal.db");

    /// <summary>The keys folder.</summary>
    public string KeysFolder => Path.Combine(Folder, "keys");

    /// <summary>The card files the simulated reader answers from.</summary>
    public string CardsFolder => Path.Combine(Folder, "cards");

    /// <summary>The live frames (camera stand-in).</summary>
    public string FramesFolder => Path.Combine(Folder, "frames");

    /// <summary>Output files (QR codes, cards, waybills).</summary>
    public string OutputFolder => Path.Combine(Folder, "out");

    /// <summary>Where the frames came from (written on first run).</summary>
    public string ProvenanceFile => Path.Combine(FramesFolder, "PROVENANCE.txt");

    /// <summary>
    /// Whether the devices' demo material (card files, live frames) exists. The citizens themselves live in the registry, which
    /// may be a database elsewhere (PostgreSQL behind several servers): <see cref="PrepareAsync"/> checks them there.
    /// </summary>
    public bool HasData => File.Exists(ProvenanceFile) && File.Exists(CardFile(1));

    /// <summary>The card file of citizen <paramref name="number"/> (1-based).</summary>
    /// <param name="number">The citizen's number.</param>
    /// <returns>The path.</returns>
    public string CardFile(int number) => Path.Combine(CardsFolder, $"citizen-{number}.json");

    /// <summary>Reads citizen <paramref name="number"/>'s card through the simulated GA 467 reader (the real frame codec and reader run).</summary>
    /// <param name="number">The citizen's number (1-based).</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The document, or the reader's error.</returns>
    public async Task<Result<IdentityDocument, Failure<DocumentReadError>>> ReadCardAsync(int number, CancellationToken cancellationToken = default)
    {
        var reader = AddCardReader(new ServiceCollection(), number).BuildServiceProvider();
        await using (reader.ConfigureAwait(false))
        {
            return await reader.GetRequiredService<IDocumentReader>().ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Registers the simulated GA 467 reader with citizen <paramref name="number"/>'s card on it.</summary>
    /// <param name="services">The services.</param>
    /// <param name="number">The citizen's number (1-based).</param>
    /// <returns>The services.</returns>
    public IServiceCollection AddCardReader(IServiceCollection services, int number) =>
        services.AddEIdDocuments(o =>
        {
            o.ReaderMode = IdCardReaderMode.Simulator;
            o.SimulatorCardFile = CardFile(number);
        });

    /// <summary>Copies the face-api sample photos (<c>sample*.jpg</c>) from <paramref name="source"/>, so the first run need not fetch them.</summary>
    /// <param name="source">A folder holding the extracted samples (the repository's <c>.cache/face-api</c>).</param>
    public void CopySamplesFrom(string source)
    {
        var target = Directory.CreateDirectory(Path.Combine(Folder, "samples")).FullName;
        foreach (var file in Directory.GetFiles(source, "sample*.jpg"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>The demo's live frame files, in order.</summary>
    /// <returns>The paths.</returns>
    public IReadOnlyList<string> LiveFrames() => Directory.Exists(FramesFolder) ? [.. Directory.GetFiles(FramesFolder, "live-*.jpg").Order(StringComparer.Ordinal)] : [];

    /// <summary>
    /// Registers the kiosk back end on this folder: biometrics (+ liveness), risk (SQLite), registry (SQLite,
    /// or over the sealed channel when <paramref name="registryHost"/> is given), credentials and the issuer.
    /// Hosts may configure the options further afterwards (later configuration wins).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="keys">The demo keys.</param>
    /// <param name="liveness">Which liveness checks run; <see cref="DemoLiveness.None"/> makes the issuer run with <c>AllowWithoutLiveness</c>.</param>
    /// <param name="registryHost">The registry host's base address for the sealed channel; null for the embedded registry.</param>
    /// <returns>The services.</returns>
    public IServiceCollection AddIssuer(IServiceCollection services, DemoKeys keys, DemoLiveness liveness, Uri? registryHost = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(keys);
        services.AddEIdBiometrics();
        if (liveness != DemoLiveness.None)
        {
            services.AddEIdLiveness(o => o.RequireActiveChallenge = liveness == DemoLiveness.ActiveAndPassive);
        }

        services.AddEIdRisk(o =>
        {
            o.TrustedAuthorityKeys.Add(keys.Authority.PublicKey.ToArray());
            o.PseudonymKey = keys.PseudonymKey.ToArray();
            o.RecordAllowed = true;
        }).UseSqlite(RiskDatabase);
        services.AddEIdRegistry(o =>
        {
            if (registryHost is not null)
            {
                o.Remote.Enabled = true;
                o.Remote.BaseAddress = registryHost;
                o.Remote.ClientPrivateKeyFile = keys.RegistryClientKeyPath;
                o.Remote.ServerPublicKey = keys.RegistryServerPublicKey;
                o.Server.Enabled = true;
                o.Server.ServerPrivateKeyFile = keys.RegistryServerKeyPath;
                o.Server.ClientPublicKeys.Add(keys.RegistryClientPublicKey);
            }
        }).UseSqlite(RegistryDatabase);
        services.AddEIdCredentials(o =>
        {
            o.Issuer.Issuer = DemoKeys.IssuerUri;
            o.SigningKeyPath = keys.SigningKeyPath;
            o.TrustListPath = keys.TrustListPath;

            // The issuer's own verifier and the postal intake: revocation must be established, never assumed. The demo
            // issues without a status list (no Issuer.StatusListUri), so its credentials carry no status claim to check.
            o.Verifier.StatusCheck = EId.Credentials.Verification.StatusCheck.Required;
        });
        services.AddEIdIssuance(o =>
        {
            o.JournalKey = keys.JournalKey.ToArray();
            o.AllowWithoutLiveness = liveness == DemoLiveness.None;
            o.ReferencePortrait = ReferencePortrait.Registry;
            // The template lets a verifier (the courier's identity server) match a live face to the credential itself;
            // the thumbnail is for people looking at the card.
            o.CredentialFace = CredentialFace.Thumbnail | CredentialFace.Template;
        }).UseSqlite(JournalDatabase);
        return services;
    }

    /// <summary>
    /// Registers the postal server (ledger on <see cref="PostalDatabase"/>, the demo's checkpoint, key-encryption and
    /// sender-token keys); its identity check uses the biometrics, registry and credential verifier of <see cref="AddIssuer"/>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="keys">The demo keys.</param>
    /// <returns>The services.</returns>
    public IServiceCollection AddPostal(IServiceCollection services, DemoKeys keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return services.AddEIdPostal(o =>
        {
            o.CheckpointSigningKey = keys.CheckpointKey.ToArray();
            o.TrustedCheckpointKeys.Add(keys.CheckpointPublicKey);
            o.KeyEncryptionKey = keys.KeyEncryptionKey.ToArray();
            o.SenderTokenKey = keys.SenderTokenKey.ToArray();
        }).UseSqlite(PostalDatabase);
    }

    // The first card's citizen is in the registry: a second server on the same (shared) registry need not seed it again.
    private async Task<bool> RegistryHoldsTheCitizensAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetRequiredService<IIdentityRegistryAdmin>() is not EId.Registry.IIdentityRegistry registry)
        {
            return false;
        }

        var card = await ReadCardAsync(1, cancellationToken).ConfigureAwait(false);
        return card.IsSuccess && (await registry.LookupAsync(card.Value.IdNumber, cancellationToken).ConfigureAwait(false)).IsSuccess;
    }

    /// <summary>
    /// First run: enrols the demo devices with the gateway, and (when missing or <paramref name="regenerate"/>) makes the
    /// demo data: sample photos, portraits and live frames, synthetic citizens in the registry, one card file each.
    /// </summary>
    /// <param name="services">A provider built with <see cref="AddIssuer"/>.</param>
    /// <param name="keys">The demo keys.</param>
    /// <param name="regenerate">Rebuild the data even when present.</param>
    /// <param name="say">Progress lines.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>An error message, or null on success.</returns>
    public async Task<string?> PrepareAsync(IServiceProvider services, DemoKeys keys, bool regenerate, Action<string> say, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(say);
        var devices = services.GetRequiredService<IDeviceRegistry>();
        foreach (var device in new[] { keys.Kiosk, keys.Courier })
        {
            if (await devices.FindAsync(device.DeviceId, cancellationToken).ConfigureAwait(false) is null)
            {
                await devices.EnrollAsync(device.Certificate.ToDeviceRecord(), cancellationToken).ConfigureAwait(false);
                say($"device {device.DeviceId} at {DemoKeys.SiteId} enrolled (Ed25519 key, certificate signed by the demo enrolment authority)");
            }
        }

        if (HasData && !regenerate && await RegistryHoldsTheCitizensAsync(services, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        say("preparing demo data (first run)…");
        var samples = SamplePhotos.Ensure(Path.Combine(Folder, "samples"), Path.Combine(Folder, "cache"), say);
        var faces = DemoFaces.Prepare(samples, services.GetRequiredService<FacePipeline>(), services.GetRequiredService<IFaceMatcher>(), FramesFolder, say);
        var citizens = DemoCitizens.Create(faces.Portraits);
        var written = await services.GetRequiredService<IIdentityRegistryAdmin>().UpsertCitizensAsync(citizens, cancellationToken).ConfigureAwait(false);
        if (!written.IsSuccess)
        {
            return $"seeding the registry failed: {written.Error}";
        }

        for (var i = 0; i < citizens.Count; i++)
        {
            DemoCitizens.WriteCardFile(citizens[i], CardsFolder, i);
        }

        await File.WriteAllTextAsync(ProvenanceFile, faces.Provenance + Environment.NewLine, cancellationToken).ConfigureAwait(false);
        say($"{citizens.Count} synthetic citizens (valid GB 11643 numbers, made-up names) seeded into {Path.GetFileName(RegistryDatabase)}; card files in cards/");
        return null;
    }
}
