namespace EId.Registry.Remote;

/// <summary>How the issuer reaches the remote registry over the sealed channel.</summary>
public sealed class SealedRegistryClientOptions
{
    /// <summary>Reach the registry over the sealed channel (the host's <c>IIdentityRegistry</c> is then the client). Default false: the local store.</summary>
    public bool Enabled { get; set; }

    /// <summary>The registry host, e.g. <c>https://registry.internal:8443/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The path the registry host maps the sealed endpoint at.</summary>
    public string Path { get; set; } = "/registry";

    /// <summary>This client's X25519 private key, base64 of 32 bytes (or use <see cref="ClientPrivateKeyFile"/>).</summary>
    public string? ClientPrivateKey { get; set; }

    /// <summary>A file holding this client's base64 private key.</summary>
    public string? ClientPrivateKeyFile { get; set; }

    /// <summary>The registry's pinned X25519 public key, base64 of 32 bytes.</summary>
    public string? ServerPublicKey { get; set; }

    /// <summary>Time allowed for one attempt (seal, send, receive, open).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries after the first attempt, for transient failures only (connection errors, timeouts, 408, 429, 5xx).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Delay before the first retry; doubles for each further retry (with jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest sealed response accepted (portraits included).</summary>
    public int MaxResponseBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The longest single backoff delay: the delay before the last retry without jitter.</summary>
    public TimeSpan MaxRetryDelay => MaxRetries <= 0 ? TimeSpan.Zero : RetryDelay * Math.Pow(2, MaxRetries - 1);

    /// <summary>
    /// The bound on one call with all its retries: every attempt timing out plus every backoff at its cap.
    /// Callers can rely on an answer (perhaps <see cref="RegistryError.Unavailable"/>) within this time.
    /// </summary>
    public TimeSpan WorstCaseDuration => (AttemptTimeout * (MaxRetries + 1)) + (MaxRetryDelay * Math.Max(MaxRetries, 0));
}
