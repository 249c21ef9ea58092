using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MlConnector.Web.Data;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace MlConnector.Migrations;

/// <summary>
/// Accounts (Identity), workspaces and memberships, and the Data Protection key ring.
/// One migration for both providers: column types are left to each provider (no <c>type:</c>), and
/// generated keys carry both providers' identity annotations. The schema test checks this against the model.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261201000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "AspNetUsers",
            columns: t => new
            {
                Id = t.Column<string>(nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                LastWorkspaceId = t.Column<Guid>(nullable: true),
                UserName = t.Column<string>(maxLength: 256, nullable: true),
                NormalizedUserName = t.Column<string>(maxLength: 256, nullable: true),
                Email = t.Column<string>(maxLength: 256, nullable: true),
                NormalizedEmail = t.Column<string>(maxLength: 256, nullable: true),
                EmailConfirmed = t.Column<bool>(nullable: false),
                PasswordHash = t.Column<string>(nullable: true),
                SecurityStamp = t.Column<string>(nullable: true),
                ConcurrencyStamp = t.Column<string>(nullable: true),
                PhoneNumber = t.Column<string>(nullable: true),
                PhoneNumberConfirmed = t.Column<bool>(nullable: false),
                TwoFactorEnabled = t.Column<bool>(nullable: false),
                LockoutEnd = t.Column<DateTimeOffset>(nullable: true),
                LockoutEnabled = t.Column<bool>(nullable: false),
                AccessFailedCount = t.Column<int>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_AspNetUsers", x => x.Id));

        migrationBuilder.CreateTable(
            name: "DataProtectionKeys",
            columns: t => new
            {
                Id = t.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                FriendlyName = t.Column<string>(maxLength: 200, nullable: true),
                Xml = t.Column<string>(nullable: false),
            },
            constraints: t => t.PrimaryKey("PK_DataProtectionKeys", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Workspaces",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                Name = t.Column<string>(maxLength: 100, nullable: false),
                CreatedAt = t.Column<DateTimeOffset>(nullable: false),
                TrialEndsAt = t.Column<DateTimeOffset>(nullable: false),
                StartedWith = t.Column<string>(maxLength: 40, nullable: true),
            },
            constraints: t => t.PrimaryKey("PK_Workspaces", x => x.Id));

        migrationBuilder.CreateTable(
            name: "AspNetUserClaims",
            columns: t => new
            {
                Id = t.Column<int>(nullable: false)
                    .Annotation("Sqlite:Autoincrement", true)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserId = t.Column<string>(nullable: false),
                ClaimType = t.Column<string>(nullable: true),
                ClaimValue = t.Column<string>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                t.ForeignKey("FK_AspNetUserClaims_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserLogins",
            columns: t => new
            {
                LoginProvider = t.Column<string>(nullable: false),
                ProviderKey = t.Column<string>(nullable: false),
                ProviderDisplayName = t.Column<string>(nullable: true),
                UserId = t.Column<string>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                t.ForeignKey("FK_AspNetUserLogins_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "AspNetUserTokens",
            columns: t => new
            {
                UserId = t.Column<string>(nullable: false),
                LoginProvider = t.Column<string>(nullable: false),
                Name = t.Column<string>(nullable: false),
                Value = t.Column<string>(nullable: true),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                t.ForeignKey("FK_AspNetUserTokens_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Memberships",
            columns: t => new
            {
                Id = t.Column<Guid>(nullable: false),
                WorkspaceId = t.Column<Guid>(nullable: false),
                UserId = t.Column<string>(nullable: false),
                Role = t.Column<string>(maxLength: 20, nullable: false),
                JoinedAt = t.Column<DateTimeOffset>(nullable: false),
            },
            constraints: t =>
            {
                t.PrimaryKey("PK_Memberships", x => x.Id);
                t.ForeignKey("FK_Memberships_AspNetUsers_UserId", x => x.UserId, "AspNetUsers", "Id", onDelete: ReferentialAction.Cascade);
                t.ForeignKey("FK_Memberships_Workspaces_WorkspaceId", x => x.WorkspaceId, "Workspaces", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_AspNetUserClaims_UserId", "AspNetUserClaims", "UserId");
        migrationBuilder.CreateIndex("IX_AspNetUserLogins_UserId", "AspNetUserLogins", "UserId");
        migrationBuilder.CreateIndex("EmailIndex", "AspNetUsers", "NormalizedEmail");
        migrationBuilder.CreateIndex("UserNameIndex", "AspNetUsers", "NormalizedUserName", unique: true);
        migrationBuilder.CreateIndex("IX_Memberships_UserId", "Memberships", "UserId");
        migrationBuilder.CreateIndex("IX_Memberships_WorkspaceId_UserId", "Memberships", ["WorkspaceId", "UserId"], unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "Memberships", "AspNetUserTokens", "AspNetUserLogins", "AspNetUserClaims", "Workspaces", "DataProtectionKeys", "AspNetUsers" })
            migrationBuilder.DropTable(table);
    }
}
