namespace EId.Postal.Courier;

/// <summary>How the handheld reaches the postal server: in process, or over HTTP.</summary>
public interface IIntakeChannel
{
    /// <summary>Sends one request and returns the server's answer.</summary>
    ValueTask<IntakeResult> SubmitAsync(SenderCheckRequest request, CancellationToken cancellationToken = default);
}
