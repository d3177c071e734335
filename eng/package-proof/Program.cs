// Day one of an integrator, from the packages only: register EId with the AddEId… methods, create keys, enrol a
// kiosk, seed one synthetic citizen, sign a request with the device key, issue a Claim 169 e-ID and verify it
// offline with the trust list. Prints "PACKAGE PROOF OK" and exits 0 only when every step worked.
//
// usage: EId.PackageProof <face photo> <work folder>
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using EId.Biometrics.Models;
using EId.Biometrics.Models.Locating;
using EId.Credentials;
using EId.Credentials.Keys;
using EId.Credentials.Trust;
using EId.Documents;
using EId.Documents.CitizenIds;
using EId.Faces;
using EId.Imaging;
using EId.Issuance;
using EId.Issuance.Binding;
using EId.Registry;
using EId.Registry.Storage;
using EId.Risk;
using EId.Risk.Devices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SkiaSharp;

if (args.Length != 2 || !File.Exists(args[0]))
{
    Console.Error.WriteLine("usage: EId.PackageProof <face photo> <work folder>");
    return 2;
}

try
{
    return await Proof.RunAsync(args[0], Path.GetFullPath(args[1]));
}
catch (Exception e)
{
    // A type missing from a package, an assembly that did not flow, a model not copied: all end here.
    Console.WriteLine($"PACKAGE PROOF FAILED: {e.GetType().Name}: {e.Message}");
    Console.WriteLine(e);
    return 1;
}

internal static class Proof
{
    private const string DeviceId = "kiosk-proof-01";
    private const string SiteId = "site-proof";
    private const string IssuerUri = "https://eid.example/package-proof";

    public static async Task<int> RunAsync(string photo, string work)
    {
        Directory.CreateDirectory(work);
        var failures = new List<string>();

        // 1. The models come from the EId.Biometrics.Models package (contentFiles models/), copied next to the app.
        var models = CheckModelsBesideApp(failures);
        if (failures.Count > 0)
        {
            return Fail(failures);
        }

        Step("models", models);

        // 2. Keys: enrolment authority, kiosk device key + certificate, credential signing key + trust list, pseudonym key.
        using var authority = DeviceEnrolment.CreateNew();
        var deviceKey = DeviceKey.Generate();
        var now = DateTimeOffset.UtcNow;
        var certificate = authority.Issue(DeviceId, deviceKey.PublicKey, SiteId, now.AddMinutes(-5), now.AddDays(1), ["issue-eid"]);
        using var device = new DeviceCredential(deviceKey, certificate.Encoded);
        var signingKeyPath = Path.Combine(work, "issuer.p8");
        var trustListPath = Path.Combine(work, "trust.json");
        using (var issuerKey = IssuerSigningKey.Generate())
        {
            await File.WriteAllBytesAsync(signingKeyPath, issuerKey.ExportPkcs8Pem());
            await File.WriteAllTextAsync(trustListPath, TrustList.Empty.With(issuerKey.ToTrustedKey(IssuerUri)).ToJson());
        }

        var pseudonymKey = RandomNumberGenerator.GetBytes(32);
        Step("keys", $"authority, device {DeviceId}, issuer signing key and trust list in {work}");

        // 3. The issuing side, registered as a newcomer would from the package READMEs.
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        services.AddEIdBiometrics();
        services.AddEIdLiveness(o => o.RequireActiveChallenge = false); // the proof's frames are still photos
        services.AddEIdRisk(o =>
        {
            o.TrustedAuthorityKeys.Add(authority.PublicKey.ToArray());
            o.PseudonymKey = pseudonymKey;
            o.Storage.SqlitePath = Path.Combine(work, "risk.db");
        });
        services.AddEIdRegistry(o => o.Storage.SqlitePath = Path.Combine(work, "registry.db"));
        services.AddEIdCredentials(o =>
        {
            o.Issuer.Issuer = IssuerUri;
            o.SigningKeyPath = signingKeyPath;
        });
        services.AddEIdIssuance().UseSqlite(Path.Combine(work, "issuance-journal.db"));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        // 4. Enrol the kiosk.
        await provider.GetRequiredService<IDeviceRegistry>().EnrollAsync(certificate.ToDeviceRecord());
        Step("enrol", $"{DeviceId} at {SiteId}");

        // 5. One synthetic citizen; registry portrait and live frames are crops of the same face in the photo.
        var faces = FaceCrops.From(await File.ReadAllBytesAsync(photo), provider.GetRequiredService<IImageDecoder>(), provider.GetRequiredService<IFaceDetector>());
        var id = CitizenIdNumber.Create("110105", new DateOnly(1985, 6, 15), 123);
        var citizen = new CitizenRecord
        {
            IdNumber = id.Value,
            FullName = "测试样例",
            Gender = id.Gender,
            BirthDate = id.BirthDate,
            Ethnicity = "汉",
            Address = "北京市朝阳区示例路1号",
            Portrait = new DocumentPortrait(faces.Portrait, ImageFormat.Jpeg),
        };
        var seeded = await provider.GetRequiredService<IIdentityRegistryAdmin>().UpsertCitizensAsync([citizen]);
        if (!seeded.IsSuccess)
        {
            return Fail([$"seeding the registry failed: {seeded.Error}"]);
        }

        Step("seed", $"{citizen} with a {faces.Portrait.Length}-byte portrait from {Path.GetFileName(photo)} (face {faces.FaceWidth:0} px wide)");

        // 6. The kiosk reads the card through the simulated GA 467 reader.
        var cardFile = Path.Combine(work, "card.json");
        await File.WriteAllTextAsync(cardFile, JsonSerializer.Serialize(new
        {
            idNumber = citizen.IdNumber,
            fullName = citizen.FullName,
            gender = (int)citizen.Gender,
            ethnicity = citizen.Ethnicity,
            birthDate = "19850615",
            address = citizen.Address,
            issuingAuthority = "示例市公安局",
            validFrom = "20200101",
            validUntil = "20400101",
        }));
        await using var readerProvider = new ServiceCollection()
            .AddEIdDocuments(o =>
            {
                o.ReaderMode = IdCardReaderMode.Simulator;
                o.SimulatorCardFile = cardFile;
            })
            .BuildServiceProvider();
        var read = await readerProvider.GetRequiredService<IDocumentReader>().ReadAsync();
        if (!read.TryGetValue(out var document, out var readError))
        {
            return Fail([$"card read failed: {readError}"]);
        }

        Step("card", document.ToString());

        // 7. Sign the request with the device key and issue.
        var capture = new FaceCapture([.. faces.LiveFrames.Select((f, i) => new FaceFrame(f, TimeSpan.FromMilliseconds(i * 200)))]) { StartedAt = DateTimeOffset.UtcNow };
        var requestId = Guid.CreateVersion7().ToString("N");
        var body = IssuanceRequestBinding.CreateBody(requestId, document, capture);
        var signed = device.Sign(IssuanceRequestBinding.Method, IssuanceRequestBinding.Path, body);
        var watch = Stopwatch.StartNew();
        var outcome = await provider.GetRequiredService<IIssuer>().IssueAsync(new IssuanceRequest(requestId, document, capture, signed));
        if (!outcome.IsIssued)
        {
            return Fail([$"issuance refused at {outcome.Refusal.Step}: {string.Join("; ", outcome.Refusal.Reasons.Select(r => $"{r.Code} ({r.Detail})"))}"]);
        }

        Step("issue", $"{outcome.Credential} in {watch.ElapsedMilliseconds} ms");

        // 8. A verifier elsewhere: only the trust list, no signing key, no network.
        await using var verifierProvider = new ServiceCollection()
            .AddEIdCredentials(o => o.TrustListPath = trustListPath)
            .BuildServiceProvider();
        var verdict = await verifierProvider.GetRequiredService<ICredentialVerifier>().VerifyAsync(outcome.Credential.QrText);
        if (!verdict.IsValid)
        {
            failures.Add($"offline verification failed: {verdict.Error} {verdict.Message}");
        }
        else if (verdict.Subject?.IdNumber != citizen.IdNumber || verdict.Metadata?.Issuer != IssuerUri || verdict.Metadata?.DeviceId != DeviceId)
        {
            failures.Add($"the verified credential does not carry the citizen, issuer and device it was issued for (issuer {verdict.Metadata?.Issuer}, device {verdict.Metadata?.DeviceId})");
        }

        // A credential signed by a key outside the trust list must not verify.
        using (var stranger = IssuerSigningKey.Generate())
        {
            var strangerList = TrustList.Empty.With(stranger.ToTrustedKey(IssuerUri));
            var strangerPath = Path.Combine(work, "other-trust.json");
            await File.WriteAllTextAsync(strangerPath, strangerList.ToJson());
            await using var strangerVerifier = new ServiceCollection().AddEIdCredentials(o => o.TrustListPath = strangerPath).BuildServiceProvider();
            var refused = await strangerVerifier.GetRequiredService<ICredentialVerifier>().VerifyAsync(outcome.Credential.QrText);
            if (refused.IsValid)
            {
                failures.Add("a verifier trusting another key accepted the credential");
            }
        }

        if (failures.Count > 0)
        {
            return Fail(failures);
        }

        Step("verify", $"offline OK against the trust list: issuer {verdict.Metadata?.Issuer}, device {verdict.Metadata?.DeviceId}, valid until {verdict.Metadata?.ExpiresAt:u}; refused under another trust list");
        Console.WriteLine("PACKAGE PROOF OK");
        return 0;
    }

    private static string CheckModelsBesideApp(List<string> failures)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(ModelLocator.EnvironmentVariable)))
        {
            failures.Add($"{ModelLocator.EnvironmentVariable} is set: the proof must find the models the package copied beside the app");
        }

        var expected = Path.Combine(AppContext.BaseDirectory, "models");
        var locator = new ModelLocator();
        foreach (var name in new[] { FaceModelNames.FrDetect, FaceModelNames.FrLandmark, FaceModelNames.FrFeature, FaceModelNames.FrLiveness, FaceModelNames.AntiSpoof })
        {
            if (!locator.TryGetPath(name, out var path))
            {
                failures.Add($"model {name} not found; searched {string.Join(", ", locator.Folders)}");
            }
            else if (!string.Equals(Path.GetDirectoryName(path), expected, StringComparison.Ordinal))
            {
                failures.Add($"model {name} found at {path}, not in the app's models/ folder {expected}");
            }
            else
            {
                _ = locator.ReadVerified(name); // SHA-256 against the packed manifest.json
            }
        }

        if (locator.FindManifest() is null)
        {
            failures.Add("no models/manifest.json beside the app");
        }

        return $"found beside the app in {expected}, SHA-256 checked against the packed manifest";
    }

    private static void Step(string step, string text) => Console.WriteLine($"  [{step,-7}] {text}");

    private static int Fail(IEnumerable<string> reasons)
    {
        foreach (var reason in reasons)
        {
            Console.WriteLine($"  xx {reason}");
        }

        Console.WriteLine("PACKAGE PROOF FAILED");
        return 1;
    }
}

/// <summary>A registry portrait and live frames cut from one photo around its subject face.</summary>
internal sealed record FaceCrops(byte[] Portrait, IReadOnlyList<byte[]> LiveFrames, float FaceWidth)
{
    public static FaceCrops From(byte[] photo, IImageDecoder decoder, IFaceDetector detector)
    {
        using var image = decoder.Decode(photo).GetValueOrThrow();
        var face = detector.Detect(image).FirstOrDefault()
            ?? throw new InvalidOperationException("No face found in the photo.");
        using var bitmap = ToBitmap(image);
        var box = face.Box;

        // Tight windows: a group photo's bystanders must stay out of the "camera".
        return new FaceCrops(
            Crop(bitmap, box, widthFactor: 1.8f, aspect: 4f / 3, maxWidth: 358),
            [Crop(bitmap, box, 1.9f, 3f / 4, 640), Crop(bitmap, box, 2.1f, 3f / 4, 640)],
            box.Width);
    }

    private static SKBitmap ToBitmap(PixelBuffer image)
    {
        if (image.Format != PixelFormat.Rgba32)
        {
            throw new InvalidOperationException($"Expected RGBA pixels from the decoder, got {image.Format}.");
        }

        var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var pixels = bitmap.GetPixelSpan();
        for (var y = 0; y < image.Height; y++)
        {
            image.Row(y).CopyTo(pixels.Slice(y * bitmap.RowBytes, image.Width * 4));
        }

        return bitmap;
    }

    private static byte[] Crop(SKBitmap source, FaceBox face, float widthFactor, float aspect, int maxWidth)
    {
        var width = face.Width * widthFactor;
        var height = width * aspect;
        var left = (int)Math.Clamp(face.Center.X - (width / 2), 0, source.Width - 2);
        var top = (int)Math.Clamp(face.Center.Y - (height * 0.45f), 0, source.Height - 2);
        var region = new SKRectI(left, top, (int)Math.Clamp(left + width, left + 1, source.Width), (int)Math.Clamp(top + height, top + 1, source.Height));
        using var subset = new SKBitmap();
        if (!source.ExtractSubset(subset, region))
        {
            throw new InvalidOperationException("Crop region outside the image.");
        }

        var scale = Math.Min(1f, maxWidth / (float)region.Width);
        var info = new SKImageInfo(Math.Max(1, (int)(region.Width * scale)), Math.Max(1, (int)(region.Height * scale)), SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var resized = subset.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None))
            ?? throw new InvalidOperationException("Resize failed.");
        using var frame = SKImage.FromBitmap(resized);
        using var encoded = frame.Encode(SKEncodedImageFormat.Jpeg, 90);
        return encoded.ToArray();
    }
}
