using System.Net;
using System.Net.Http.Headers;
using EId.Risk;

namespace EId.Issuance.Remote;

/// <summary>
/// <see cref="IIssuer"/> over HTTP: a kiosk's client of the front system. POSTs the request as JSON
/// (<see cref="IssuanceJson"/>) to <see cref="IssuanceEndpoint.Path"/> relative to the client's base address and
/// reads the answer. An unreachable or failing server is a retryable refusal at <see cref="IssuanceStep.Request"/>
/// (<see cref="IssuanceReasonCodes.ServerUnavailable"/>), never an exception; the device keeps its request id and may
/// retry, and the issuer's journal answers a retry of a request it already decided.
/// </summary>
/// <param name="http">A client whose base address is the front system.</param>
public sealed class HttpIssuer(HttpClient http) : IIssuer
{
    /// <inheritdoc />
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async ValueTask<IssuanceOutcome> IssueAsync(IssuanceRequest request, IProgress<IssuanceProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var content = new ByteArrayContent(IssuanceJson.SerializeRequest(request));
        content.Headers.ContentType = new MediaTypeHeaderValue(IssuanceJson.ContentType);
        try
        {
            using var response = await http.PostAsync(IssuanceEndpoint.Path.TrimStart('/'), content, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var answer = IssuanceJson.DeserializeOutcome(body);
            if (answer is { IsIssued: false, RequestId.Length: 0 })
            {
                // The server could not read the request (400/413) and so could not name it.
                answer = IssuanceOutcome.Refused(request.RequestId, answer.Refusal) with { DecidedAt = answer.DecidedAt };
            }

            if (answer is not null && answer.RequestId == request.RequestId)
            {
                Report(progress, answer);
                return answer;
            }

            return Unavailable(request.RequestId, $"the front system answered {(int)response.StatusCode} without an issuance answer", response.StatusCode >= HttpStatusCode.InternalServerError);
        }
        catch (HttpRequestException e)
        {
            return Unavailable(request.RequestId, $"the front system could not be reached ({e.HttpRequestError})", retryable: true);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unavailable(request.RequestId, "the front system did not answer in time", retryable: true);
        }
    }

    // The server's steps ran remotely; the device learns only the result, so report the deciding step once.
    private static void Report(IProgress<IssuanceProgress>? progress, IssuanceOutcome outcome)
    {
        if (progress is null)
        {
            return;
        }

        progress.Report(outcome.IsIssued
            ? new IssuanceProgress(IssuanceStep.RiskEvent, IssuanceStepState.Passed, TimeSpan.Zero, $"issued by the front system, serial {outcome.Credential.Metadata.Serial}")
            : new IssuanceProgress(outcome.Refusal.Step, IssuanceStepState.Failed, TimeSpan.Zero, string.Join("; ", outcome.Refusal.Reasons.Select(r => r.Code.Value))));
    }

    private static IssuanceOutcome Unavailable(string requestId, string detail, bool retryable) =>
        IssuanceOutcome.Refused(requestId, new IssuanceRefusal(IssuanceStep.Request, [new RiskReason(IssuanceReasonCodes.ServerUnavailable, detail, "kiosk")]) { Retryable = retryable });
}
