using EId.Risk.Store;

namespace EId.Risk.Tests.Store;

/// <summary>The contract plus durability, for stores that keep their data outside the process.</summary>
public abstract class DurableRiskStoreContract : RiskStoreContract
{
    /// <summary>Closes the store and opens it again over the same data.</summary>
    protected abstract IRiskStore Reopen(IRiskStore store);

    [Fact]
    public async Task Events_survive_reopening()
    {
        var riskEvent = Event(T0, "s", "d", RiskDecision.Deny);
        await Store.AppendAsync(riskEvent, TestContext.Current.CancellationToken);

        Store = Reopen(Store);

        Assert.Equal(riskEvent.Id, Assert.Single(await Store.QueryAsync(new RiskEventQuery(), TestContext.Current.CancellationToken)).Id);
    }
}
