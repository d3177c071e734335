using EId.Risk.Devices;
using Microsoft.Extensions.Time.Testing;

namespace EId.Risk.Tests.Devices;

/// <summary>The behaviour every <see cref="IDeviceRegistry"/> here must have.</summary>
public abstract class DeviceRegistryContract : IDisposable
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    protected abstract IDeviceRegistry Registry { get; }

    protected abstract ValueTask<IReadOnlyList<DeviceStatusChange>> HistoryAsync(string deviceId);

    [Fact]
    public async Task Enrolment_round_trips_and_status_changes_are_recorded()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var record = new DeviceRecord
        {
            DeviceId = "kiosk-9",
            SiteId = "site-1",
            PublicKey = key,
            ValidFrom = Time.GetUtcNow().AddDays(-1),
            ValidUntil = Time.GetUtcNow().AddDays(300),
            Capabilities = ["issue-eid", "verify-sender"],
        };

        await Registry.EnrollAsync(record, TestContext.Current.CancellationToken);
        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await Registry.SetStatusAsync("kiosk-9", DeviceStatus.Suspended, TestContext.Current.CancellationToken));
        Time.Advance(TimeSpan.FromMinutes(5));
        Assert.True(await Registry.SetStatusAsync("kiosk-9", DeviceStatus.Active, TestContext.Current.CancellationToken));
        Assert.False(await Registry.SetStatusAsync("kiosk-x", DeviceStatus.Revoked, TestContext.Current.CancellationToken));

        var found = await Registry.FindAsync("kiosk-9", TestContext.Current.CancellationToken);
        Assert.NotNull(found);
        Assert.Equal("site-1", found.SiteId);
        Assert.Equal(key, found.PublicKey.ToArray());
        Assert.Equal(DeviceStatus.Active, found.Status);
        Assert.Equal(record.ValidFrom, found.ValidFrom);
        Assert.Equal(record.ValidUntil, found.ValidUntil);
        Assert.Equal(["issue-eid", "verify-sender"], found.Capabilities);
        Assert.Null(await Registry.FindAsync("kiosk-x", TestContext.Current.CancellationToken));

        var history = await HistoryAsync("kiosk-9");
        Assert.Equal([DeviceStatus.Active, DeviceStatus.Suspended, DeviceStatus.Active], history.Select(h => h.Status));
        Assert.Equal([true, false, false], history.Select(h => h.KeyChanged));
        Assert.Equal(Time.GetUtcNow(), history[^1].At);
    }

    [Fact]
    public async Task Rotation_replaces_the_key_and_re_enrolment_with_the_same_key_is_no_rotation()
    {
        var record = new DeviceRecord { DeviceId = "d", SiteId = "s", PublicKey = new byte[32], ValidFrom = Time.GetUtcNow(), ValidUntil = Time.GetUtcNow().AddDays(1) };
        await Registry.EnrollAsync(record, TestContext.Current.CancellationToken);
        await Registry.EnrollAsync(record with { Status = DeviceStatus.Active }, TestContext.Current.CancellationToken);
        await Registry.EnrollAsync(record with { PublicKey = Enumerable.Repeat((byte)7, 32).ToArray() }, TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Repeat((byte)7, 32), (await Registry.FindAsync("d", TestContext.Current.CancellationToken))!.PublicKey.ToArray());
        Assert.Equal([true, false, true], (await HistoryAsync("d")).Select(h => h.KeyChanged));
    }

    public virtual void Dispose() => GC.SuppressFinalize(this);
}
