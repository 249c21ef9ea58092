using MlConnector.Web.Features.Mappings;
using MlConnector.Web.Features.Workspaces;
using MlConnector.Web.Integrations.Common;
using MlConnector.Web.Integrations.Ramp;

namespace MlConnector.Web.Features.RampChart;

/// <summary>Link this Ramp vendor (payee) to the ERP vendor uploaded under <paramref name="ErpVendorId"/>.</summary>
public sealed record VendorLink(string RampVendorId, string ErpVendorId);

public sealed record RejectedVendorLink(VendorLink Link, string Reason);

public sealed record VendorLinkResult(int Linked, int AlreadyLinked, IReadOnlyList<RejectedVendorLink> Rejected, ConnectorFailure? Failure);

/// <summary>
/// Sets Ramp vendors' <c>accounting_vendor_remote_id</c>. Which links to make is the vendor mapping's decision; this
/// only writes them, skipping vendors already linked to that id so a repeated run writes nothing.
/// </summary>
public sealed class RampVendorLinks(RampSessions sessions, RampClient ramp, MappingHistory mappings, CurrentWorkspace current)
{
    /// <summary>Links every Ramp vendor that has a vendor mapping to the ERP vendor it maps to.</summary>
    public async Task<VendorLinkResult> LinkMappedAsync(Guid integrationId, CancellationToken ct = default)
    {
        var snapshot = await mappings.SnapshotAsync(integrationId, ct: ct);
        var links = snapshot.Targets.Where(t => t.Key.Kind == MappingKind.Vendor).Select(t => new VendorLink(t.Key.SourceKey, t.Value)).ToList();
        return await LinkAsync(integrationId, links, ct);
    }

    public async Task<VendorLinkResult> LinkAsync(Guid integrationId, IReadOnlyList<VendorLink> links, CancellationToken ct = default)
    {
        // Writes into the customer's Ramp, like the chart push.
        current.Demand(Permission.ManageIntegration, "link vendors in Ramp");
        var opened = await sessions.OpenAsync(integrationId, ct);
        if (!opened.IsOk) return new(0, 0, [], opened.Failure);
        var session = opened.Value!;
        var vendors = await ramp.VendorsAsync(session.Credentials, session.Token, ct);
        if (!vendors.IsOk) return new(0, 0, [], vendors.Failure);
        var linkedTo = vendors.Value!.ToDictionary(v => v.Id, v => v.AccountingVendorRemoteId, StringComparer.Ordinal);

        int linked = 0, already = 0;
        var rejected = new List<RejectedVendorLink>();
        foreach (var link in links.DistinctBy(l => l.RampVendorId))
        {
            if (linkedTo.TryGetValue(link.RampVendorId, out var current) && current == link.ErpVendorId)
            {
                already++;
                continue;
            }
            var patched = await ramp.LinkVendorAsync(session.Credentials, session.Token, link.RampVendorId, link.ErpVendorId, ct);
            if (patched.IsOk) linked++;
            // Unknown vendor, or no accounting vendor with that id on the active connection: this link only.
            else if (patched.Failure!.StatusCode is 400 or 404 or 422) rejected.Add(new(link, patched.Failure.Message));
            else return new(linked, already, rejected, patched.Failure);
        }
        return new(linked, already, rejected, null);
    }
}
