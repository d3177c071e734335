namespace EId.Documents.Transport;

/// <summary>Timing of a frame exchange with a card reader.</summary>
public sealed class IdCardTransportOptions
{
    /// <summary>How long to wait for a complete response frame. Default 3 s (reading the photo takes about 1 s at 115200 bps).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How many times to resend a command after a timeout or a corrupt response. Default 2.</summary>
    public int Retries { get; set; } = 2;

    /// <summary>How many stray bytes before a preamble are skipped before the response counts as corrupt. Default 4096.</summary>
    public int MaxSkippedBytes { get; set; } = 4096;
}
