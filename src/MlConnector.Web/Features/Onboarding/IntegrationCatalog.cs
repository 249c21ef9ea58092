using MlConnector.Web.Features.Integrations;

namespace MlConnector.Web.Features.Onboarding;

/// <summary>The catalog's copy. Written for the customer; kept in code so it is reviewed like code.</summary>
public static class IntegrationCatalog
{
    private const string D365 = "Dynamics 365 F&O";

    private static readonly SystemAuth D365Auth = new(D365,
        "Microsoft Entra ID app registration, OAuth 2.0 client credentials. Tokens last about an hour and are renewed for you.",
        "Environment host (e.g. contoso.operations.dynamics.com), Entra tenant id, client id and secret, and the legal entity (dataAreaId) to post into.");

    private static readonly SystemAuth RampAuth = new("Ramp",
        "Ramp Developer API app, OAuth 2.0 client credentials. The ten-day token is renewed daily, long before it expires.",
        "Client id and secret of a Ramp developer app with the accounting, bills and transactions scopes.");

    public static IReadOnlyList<IntegrationListing> All { get; } =
    [
        new(IntegrationKind.RampD365, "Ramp", D365,
            "Ramp spend in your Dynamics ledger, coded to accounts that exist.",
            "Approved Ramp bills arrive in Dynamics 365 Finance & Operations as pending vendor invoices and cleared card "
            + "spend as general journal entries. Your chart of accounts, vendors and departments go the other way, so people "
            + "in Ramp can only code spend to values your ledger accepts.",
            [
                new("Ramp", D365, FlowDirection.ToErp, "Approved bills", "Become pending vendor invoices: a header plus one line per bill line, with main account and financial dimensions."),
                new("Ramp", D365, FlowDirection.ToErp, "Bill payments", "When Ramp pays a bill, the payment is recorded in a vendor payment journal."),
                new("Ramp", D365, FlowDirection.ToErp, "Cleared card transactions", "Post as general journal lines against the mapped main account, offset to your card liability account."),
                new(D365, "Ramp", FlowDirection.ToSource, "Main accounts, vendors, departments", "Uploaded to Ramp's accounting settings so every bill and card charge is coded against them."),
            ],
            [RampAuth, D365Auth],
            [
                "Map Ramp GL codes, vendors and departments to D365 main accounts, vendor accounts and dimension values in grids, with suggestions.",
                "Start syncs from Ramp's webhooks as spend is approved, with a scheduled sweep that catches anything missed.",
                "See every bill and transaction with its state, its full trail across both systems, and replay it after a fix.",
                "Never post twice: invoices are matched by legal entity, vendor and invoice number before anything is created.",
            ],
            [
                new("Does anything get written back into Ramp?",
                    "Only the sync status, so Ramp shows each bill and transaction as synced, or tells you why it failed. Spend flows one way: from Ramp into the ledger."),
                new("Are the vendor invoices posted automatically?",
                    "No. They arrive as pending vendor invoices, so your usual approval and posting in Dynamics stays in charge. Card transactions arrive as journal lines in the journal you choose."),
                new("What happens when a GL code or vendor has no mapping?",
                    "That record waits in the exception inbox with the reason (for example \"GL code 6410 has no main account\"). Once finance maps it, every record it held back is queued again."),
                new("What do I need on the Dynamics side?",
                    "An Entra ID app registration that is allowed into your environment, and the dimension format for integrating applications set up, so dimension values are read the way we send them."),
            ]),

        new(IntegrationKind.RampVisma, "Ramp", "Visma.net ERP",
            "Ramp bills and purchase orders in Visma.net, on the right supplier and cost centre.",
            "Bills approved in Ramp become supplier invoices in Visma.net ERP, with the supplier created first when Visma "
            + "does not know it yet. Purchase orders follow the same path. Accounts and cost dimensions are kept in line on "
            + "both sides, so an invoice lands on an account and cost centre Visma accepts.",
            [
                new("Ramp", "Visma.net", FlowDirection.ToErp, "Approved bills", "Become supplier invoices on the mapped accounts and dimensions; a missing supplier is created from the Ramp vendor first."),
                new("Ramp", "Visma.net", FlowDirection.ToErp, "Purchase orders", "Created in Visma.net as purchase orders for the matching supplier."),
                new("Visma.net", "Ramp", FlowDirection.ToSource, "Accounts and cost dimensions", "Sent to Ramp so spend is coded to valid values; changes in either place are reconciled."),
            ],
            [RampAuth, new("Visma.net ERP",
                "Visma Connect, OAuth 2.0 client credentials for your tenant; every call names the company it works in.",
                "Client id and secret of a Visma Developer Portal application, your tenant id and the company id.")],
            [
                "Make sure the supplier exists before an invoice is created, so invoices never fail for an unknown supplier.",
                "Map GL accounts and cost dimensions once; every bill after that is coded the same way.",
                "React to Ramp's webhooks within moments, and sweep on your schedule for anything a webhook missed.",
                "Follow each bill across both systems and replay it when a Visma call failed.",
            ],
            [
                new("Ramp has no way to create vendors. How do suppliers get into Visma?",
                    "We look the Ramp vendor up in Visma.net first, and create the supplier from Ramp's vendor details only when there is no match. The invoice is created after that."),
                new("Which company do invoices go to?",
                    "The Visma company you choose when you add your Visma credentials. Every call carries that company id, so nothing lands in another company."),
                new("What if Visma is down when a bill arrives?",
                    "The bill is kept and retried with growing pauses. If it still fails, it waits for you with Visma's answer, and you can replay it."),
            ]),

        new(IntegrationKind.StampliD365, "Stampli", D365,
            "Stampli-approved invoices in Dynamics, without re-keying a line.",
            "Stampli has no public API, so this integration works the way Stampli is designed to exchange data: files over "
            + "SFTP. Approved invoices that Stampli exports become pending vendor invoices in Dynamics 365; in return, your "
            + "vendors, main accounts, open purchase orders and dimension values are written as files for Stampli to import, "
            + "so approvers code against real ledger values. Payment status files are read back.",
            [
                new("Stampli", D365, FlowDirection.ToErp, "Approved invoice files", "Each row becomes a pending vendor invoice with its lines; a file read twice never posts twice."),
                new("Stampli", D365, FlowDirection.ToErp, "Payment status", "Read back from Stampli's files to keep accounts payable in step."),
                new(D365, "Stampli", FlowDirection.ToSource, "Vendors, main accounts, open POs, dimensions", "Exported as files to the folder Stampli imports from."),
            ],
            [new("Stampli", "SFTP with an SSH key or password; the server's host key is pinned when you first connect.",
                "SFTP host, port, user name, private key or password, and the folders Stampli exports to and imports from."), D365Auth],
            [
                "Pick up new export files on a schedule; every file and row is recorded, and a bad row is reported by its line number.",
                "Keep Stampli's coding lists in step with Dynamics: vendors, main accounts, open purchase orders and dimension values.",
                "Match invoices by invoice number and vendor account before creating them, so a re-sent file never duplicates an invoice.",
                "Trace every invoice from its file row to its Dynamics document, and replay it after a fix.",
            ],
            [
                new("Why files and not an API?",
                    "Stampli does not offer a public API. File exchange over SFTP is the supported route for connecting it to an ERP without a partner agreement, and it is what we automate."),
                new("What happens to a malformed row in a Stampli file?",
                    "It is held with its line number and the reason; the other rows of the file carry on. Nothing from the file is dropped silently."),
                new("Does this write anything into the general ledger directly?",
                    "No. Invoices arrive as pending vendor invoices, and posting stays with your team in Dynamics."),
            ]),
    ];

    public static IntegrationListing Get(IntegrationKind kind) => All.Single(l => l.Kind == kind);

    public static IntegrationListing? FindBySlug(string? slug) =>
        IntegrationKindSlugs.FromSlug(slug) is { } kind ? Get(kind) : null;
}
