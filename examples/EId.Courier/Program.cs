using System.Diagnostics;
using System.Globalization;
using EId.Credentials;
using EId.Courier;
using EId.Demo;
using EId.Documents;
using EId.Faces;
using EId.Postal.Courier;
using EId.Postal.Parcels;
using EId.Postal.Waybills;
using EId.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// The courier handheld demo: hand in a parcel with the sender's card (or e-ID QR) and live photo; or verify an e-ID QR offline.
var options = CourierArguments.Parse(args);
if (options is null)
{
    CourierArguments.PrintUsage();
    return 2;
}

var workspace = new DemoWorkspace(Path.GetFullPath(options.WorkFolder));
Directory.CreateDirectory(workspace.OutputFolder);
using var keys = DemoKeys.LoadOrCreate(workspace.KeysFolder);
if (options.Frames is { } frames && !File.Exists(frames) && !Directory.Exists(frames))
{
    Console.Error.WriteLine($"  xx no such frame file or folder: {frames}");
    return 2;
}

// The camera is made when a capture is taken: on a fresh work folder the demo frames only exist once the data is prepared.
ISenderCamera Camera() => options.Frames is null ? new FileCamera(workspace.LiveFrames()) : PerformanceCamera.TryOpen(options.Frames) ?? (ISenderCamera)FileCamera.From(options.Frames);
return options.VerifyQr is not null
    ? await VerifyQrAsync(options.VerifyQr)
    : await SendAsync();

// Hand in a parcel: in-process on the demo's embedded back end, or signed over HTTP to EId.Server.
async Task<int> SendAsync()
{
    Console.WriteLine(options.Server is null
        ? $"== EId courier handheld — in-process back end, work folder {workspace.Folder}"
        : options.ViaIdentityServer
            ? $"== EId courier handheld — identity server {options.Server} (verdict signed there, parcel stored by the postal server), work folder {workspace.Folder}"
            : $"== EId courier handheld — postal server {options.Server}, work folder {workspace.Folder}");
    var services = new ServiceCollection().AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
    IIntakeChannel? remote = null;
    if (options.Server is null)
    {
        workspace.AddIssuer(services, keys, options.Liveness);
        workspace.AddPostal(services, keys);
    }
    else
    {
        // Every request is signed with the handheld's device key; the server's gateway checks it.
        var signed = DemoKeys.Client(options.Server, keys.Courier);
        remote = options.ViaIdentityServer ? HttpIntakeChannel.ToIdentityServer(signed) : new HttpIntakeChannel(signed);
    }

    workspace.AddCardReader(services, options.Citizen);
    await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    if (options.Server is null && await workspace.PrepareAsync(provider, keys, regenerate: false, m => Console.WriteLine($"  [data] {m}")) is { } problem)
    {
        Console.Error.WriteLine($"  xx {problem}");
        return 1;
    }

    if (!workspace.HasData)
    {
        Console.Error.WriteLine($"  xx no demo data in {workspace.Folder}: start EId.Server with the same work folder first (bash eng/serve.sh)");
        return 1;
    }

    // Active liveness: the identity check requires a challenge this server issued (in-process: its own challenge service).
    ISenderCamera camera = new DeferredCamera(Camera);
    if (options.Liveness == DemoLiveness.ActiveAndPassive && options.VerifyQr is null)
    {
        var (challenge, status) = await ChallengeClient.BeginAsync(provider, options.Server, keys.Courier, PostalJson.ChallengePath);
        if (challenge is not null)
        {
            Console.WriteLine($"  [challenge] please {string.Join(", then ", challenge.Steps)} (within {challenge.StepTimeLimit.TotalSeconds:0} s each)");
            camera = new ChallengedCamera(camera, challenge);
            if (PerformanceCamera.TryOpen(options.Frames ?? string.Empty) is null)
            {
                Console.WriteLine("  !! the sample frames are still photos: they cannot perform the challenge, so the identity check refuses them as it must refuse a photo. Pass --frames <performance folder>, or --no-active to see the rest of the flow");
            }
        }
        else if (status != System.Net.HttpStatusCode.NotFound)
        {
            Console.Error.WriteLine($"  xx the postal server gave no challenge ({(int)status})");
            return 1;
        }
    }
    else if (options.Liveness == DemoLiveness.PassiveOnly)
    {
        Console.WriteLine("  !! --no-active: passive PAD only, so a good photo of the sender can pass. Demo switch only");
    }

    var handheld = new CourierHandheld(provider.GetRequiredService<IDocumentReader>(), camera, remote ?? provider.GetRequiredService<IIntakeChannel>(), options.CourierId, DemoKeys.CourierDeviceId);
    var parcel = new ParcelDetails
    {
        WaybillNumber = options.Waybill ?? WaybillNumber.Create("EI", Random.Shared.NextInt64(1, 9_999_999_999)).Value,
        ItemCategory = options.Category,
        ItemDescription = options.Description,
        WeightGrams = options.WeightGrams,
        OriginRegion = options.From,
        DestinationRegion = options.To,
    };
    Console.WriteLine($"  [parcel] {parcel.WaybillNumber} {parcel.ItemCategory} {parcel.WeightGrams} g {parcel.OriginRegion} → {parcel.DestinationRegion}");

    var watch = Stopwatch.StartNew();
    IntakeResult result;
    try
    {
        if (options.Qr is not null)
        {
            var qr = await ReadQrAsync(options.Qr);
            if (qr is null)
            {
                return 1;
            }

            Console.WriteLine($"  [e-ID] sender shows an e-ID QR ({qr.Length} characters) instead of a card");
            result = await handheld.SendWithCredentialAsync(qr, parcel, options.Phone);
        }
        else
        {
            var sent = await handheld.SendWithCardAsync(parcel, options.Phone);
            if (!sent.TryGetValue(out var value, out var readError))
            {
                Console.Error.WriteLine($"  xx card read failed: {readError}");
                return 1;
            }

            result = value;
        }
    }
    catch (HttpRequestException e)
    {
        Console.Error.WriteLine($"  xx the postal server could not be reached or failed: {e.Message}");
        return 1;
    }
    catch (DirectoryNotFoundException e)
    {
        // A performance folder without the frames for a requested action.
        Console.Error.WriteLine($"  xx {e.Message}");
        return 1;
    }

    var verification = result.Verification;
    Console.WriteLine($"  [verify] {verification?.Method ?? "-"}: {verification?.Verdict.ToString() ?? "not checked"}, face {Score(verification?.FaceScore)}, liveness {Score(verification?.LivenessScore)} ({watch.ElapsedMilliseconds} ms)");
    if (!result.IsAccepted)
    {
        var why = result.Status switch
        {
            IntakeStatus.DeviceRejected => string.Join(", ", result.GatewayReasons),
            IntakeStatus.SenderRejected => string.Join(", ", result.Reasons),
            IntakeStatus.VerdictRejected => $"the postal server refused the identity server's verdict ({result.VerdictProblem})",
            IntakeStatus.PostalUnavailable => "the identity server could not reach the postal server; try again",
            _ => result.Error?.ToString() ?? string.Join(", ", result.Reasons),
        };
        Console.WriteLine($"  xx {result.Status}: {why}");
        return 1;
    }

    var waybill = handheld.Waybill(parcel, result);
    var stem = Path.Combine(workspace.OutputFolder, "waybill-" + parcel.WaybillNumber);
    await File.WriteAllTextAsync(stem + ".txt", WaybillRenderer.RenderText(waybill));
    using (var renderer = new WaybillRenderer())
    {
        await File.WriteAllBytesAsync(stem + ".png", renderer.RenderPng(waybill));
    }

    Console.WriteLine($"== ACCEPTED as ledger entry {result.Receipt?.Sequence} (hash {result.Receipt?.EntryHash[..12]}…); the waybill shows the sender as {result.SenderNameMasked}");
    Console.Write(WaybillRenderer.RenderText(waybill));
    Console.WriteLine($"  [files] {stem}.png, {stem}.txt");
    return 0;
}

// Offline: the QR's signature against the trust list, and (with --frames) the live face against the QR's face template.
async Task<int> VerifyQrAsync(string file)
{
    Console.WriteLine($"== EId e-ID check (offline) — trust list {keys.TrustListPath}");
    var qr = await ReadQrAsync(file);
    if (qr is null)
    {
        return 1;
    }

    var services = new ServiceCollection().AddEIdCredentials(o => o.TrustListPath = keys.TrustListPath);
    if (options.Frames is not null)
    {
        services.AddEIdBiometrics();
    }

    await using var provider = services.BuildServiceProvider();
    var verdict = await provider.GetRequiredService<ICredentialVerifier>().VerifyAsync(qr);
    if (!verdict.IsValid)
    {
        Console.WriteLine($"  xx NOT VALID: {verdict.Error} {verdict.Message}");
        return 1;
    }

    var subject = verdict.Subject!;
    Console.WriteLine($"  [valid] {PiiMask.IdNumber(subject.IdNumber)} {PiiMask.Name(subject.FullName)}, issuer {verdict.Metadata?.Issuer}, device {verdict.Metadata?.DeviceId}, valid until {verdict.Metadata?.ExpiresAt:u}");
    if (options.Frames is null)
    {
        Console.WriteLine("  (add --frames <photo> to match the holder's face against the credential)");
        return 0;
    }

    var capture = await Camera().CaptureAsync();
    var verifier = provider.GetRequiredService<IFaceVerifier>();
    var match = subject.FaceTemplate is { } template
        ? await verifier.VerifyAsync(template, capture)
        : subject.Face is { } face ? await verifier.VerifyAsync(face, FaceReferenceKind.Thumbnail, capture) : null;
    if (match is null)
    {
        Console.WriteLine("  xx the credential carries no face to match against");
        return 1;
    }

    Console.WriteLine($"  [face] {match.Decision}: score {match.Score:0.000} (threshold {match.Threshold:0.000})");
    return match.IsMatch ? 0 : 1;
}

static string Score(float? score) => score is { } s && !float.IsNaN(s) ? s.ToString("0.000", CultureInfo.InvariantCulture) : "-";

// A QR as text (the kiosk's .txt file) or as an image, read back with zbarimg (Debian zbar-tools): .NET has no QR decoder here.
static async Task<string?> ReadQrAsync(string file)
{
    if (!File.Exists(file))
    {
        Console.Error.WriteLine($"  xx no such file: {file}");
        return null;
    }

    if (Path.GetExtension(file).ToUpperInvariant() is not (".PNG" or ".JPG" or ".JPEG"))
    {
        return (await File.ReadAllTextAsync(file)).Trim();
    }

    try
    {
        using var zbar = Process.Start(new ProcessStartInfo("zbarimg", ["--raw", "-q", file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = (await zbar.StandardOutput.ReadToEndAsync()).Trim();
        await zbar.WaitForExitAsync();
        if (zbar.ExitCode == 0 && text.Length > 0)
        {
            return text;
        }

        Console.Error.WriteLine($"  xx no QR code found in {Path.GetFileName(file)}");
        return null;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        Console.Error.WriteLine("  xx reading a QR image needs zbarimg (apt-get install zbar-tools); or pass the kiosk's .txt file");
        return null;
    }
}

/// <summary>Command-line options (plain arguments).</summary>
internal sealed record CourierArguments(string WorkFolder, Uri? Server, int Citizen, string? Frames, string? Qr, string? VerifyQr, string? Waybill, string Category, string? Description, int WeightGrams, string From, string To, string? Phone, string CourierId)
{
    /// <summary>The liveness the in-process identity check runs (over HTTP the server decides).</summary>
    public DemoLiveness Liveness { get; init; } = DemoLiveness.ActiveAndPassive;

    /// <summary>True when <see cref="Server"/> is an identity server (three-host mode) rather than the single postal server.</summary>
    public bool ViaIdentityServer { get; init; }

    public static CourierArguments? Parse(string[] args)
    {
        var result = new CourierArguments(DemoWorkspace.DefaultFolder, null, 1, null, null, null, null, "DOC", "documents", 350, "110105", "310104", "13812345678", "courier-demo-7");
        var i = 0;
        if (args.FirstOrDefault() is "verify-qr")
        {
            if (args.Length < 2)
            {
                return null;
            }

            result = result with { VerifyQr = args[1] };
            i = 2;
        }
        else if (args.FirstOrDefault() is "send")
        {
            i = 1;
        }

        for (; i < args.Length; i++)
        {
            if (args[i] == "--no-active")
            {
                result = result with { Liveness = DemoLiveness.PassiveOnly };
                continue;
            }

            var value = i + 1 < args.Length ? args[i + 1] : null;
            if (value is null)
            {
                return null;
            }

            result = args[i] switch
            {
                "--work" => result with { WorkFolder = value },
                "--server" when Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" => result with { Server = new Uri(url.AbsoluteUri.TrimEnd('/') + "/"), ViaIdentityServer = false },
                "--identity-server" when Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" => result with { Server = new Uri(url.AbsoluteUri.TrimEnd('/') + "/"), ViaIdentityServer = true },
                "--citizen" when int.TryParse(value, CultureInfo.InvariantCulture, out var n) && n > 0 => result with { Citizen = n },
                "--frames" => result with { Frames = value },
                "--qr" => result with { Qr = value },
                "--waybill" => result with { Waybill = value },
                "--category" => result with { Category = value },
                "--description" => result with { Description = value },
                "--weight" when int.TryParse(value, CultureInfo.InvariantCulture, out var g) => result with { WeightGrams = g },
                "--from" => result with { From = value },
                "--to" => result with { To = value },
                "--phone" => result with { Phone = value },
                "--courier" => result with { CourierId = value },
                _ => null,
            };
            if (result is null)
            {
                return null;
            }

            i++;
        }

        return result;
    }

    public static void PrintUsage() => Console.Error.WriteLine("""
        usage: EId.Courier [send] [--server <url> | --identity-server <url>] [--work <folder>] [--citizen <n> | --qr <file.txt|file.png>] [--frames <photo, folder or performance folder>] [--no-active]
                           [--waybill <no>] [--category DOC] [--description <text>] [--weight <grams>] [--from <region>] [--to <region>] [--phone <no>]
               EId.Courier verify-qr <file.png|file.txt> [--frames <photo>] [--work <folder>]
          send        hand in a parcel: the sender's card (simulated GA 467 reader) or e-ID QR, plus a live photo; prints the privacy waybill
          --server    the postal server (EId.Server, e.g. http://127.0.0.1:5080); without it the back end runs in-process
          --identity-server  three hosts: the identity server (EId.IdentityServer, e.g. http://127.0.0.1:5090), which signs the verdict
                      and sends it to the postal server; the postal server's answer and signed receipt come back through it
          verify-qr   check an e-ID QR offline against the trust list, and the holder's face against its template (--frames)
        """);
}
