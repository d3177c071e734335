using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EId.Postal.AspNetCore.RegulatorApi;

/// <summary>A fixed window of <see cref="RegulatorApiOptions.RateLimitPermits"/> requests per officer (by token subject; by client address before sign-in); 429 problem with <c>Retry-After</c> beyond it.</summary>
internal sealed class RegulatorRateLimitPolicy(IOptions<RegulatorApiOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var o = options.Value;
        var key = RegulatorClaims.Officer(httpContext.User) is { } officer
            ? "officer:" + officer.OfficerId
            : "address:" + httpContext.Connection.RemoteIpAddress;
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = o.RateLimitPermits,
            Window = o.RateLimitWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : options.Value.RateLimitWindow;
        var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await RegulatorProblems.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests",
            string.Create(CultureInfo.InvariantCulture, $"This officer made too many requests: retry in {seconds} s.")).ConfigureAwait(false);
    }
}
