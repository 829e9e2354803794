import { describe, expect, it } from "vitest";
import { orderRoles, placeRefusal, roleChangeProblem, sameRoles, staffQuery, teamLabel } from "./staffFormat";

describe("staff wording", () => {
  it("orders roles as the editor does and compares them whatever their order", () => {
    expect(orderRoles(["security", "admin", "cs", "admin"])).toEqual(["admin", "cs", "security"]);
    expect(sameRoles(["ops", "cs"], ["cs", "ops"])).toBe(true);
    expect(sameRoles(["ops"], ["cs", "ops"])).toBe(false);
  });

  it("asks for everyone when the search is blank", () => {
    expect(staffQuery("  ", false)).toEqual({ search: null, includeInactive: false });
    expect(staffQuery(" ana lee ", true)).toEqual({ search: "ana lee", includeInactive: true });
  });

  it("names teams, and shows one it does not know as sent", () => {
    expect(teamLabel("cs")).toBe("Customer success");
    expect(teamLabel("legal")).toBe("legal");
  });

  it("needs a role and a reason before asking the core", () => {
    expect(roleChangeProblem([], "why")).toEqual({ field: "roles", message: "A staff member needs at least one desk role." });
    expect(roleChangeProblem(["cs"], "  ")).toEqual({ field: "reason", message: "Say why the roles change." });
    expect(roleChangeProblem(["cs"], "Joins CS")).toBeNull();
  });

  it("puts the core's refusal beside the field it names", () => {
    expect(placeRefusal("roles: desk_admin and desk_finance may not be held together — whoever manages staff accounts must not also move money")).toEqual({
      field: "roles",
      message: "desk_admin and desk_finance may not be held together — whoever manages staff accounts must not also move money.",
    });
    expect(placeRefusal("reason: say why the roles change")).toEqual({ field: "reason", message: "Say why the roles change." });
    expect(placeRefusal("you cannot remove your own administrator role")).toEqual({ field: "roles", message: "You cannot remove your own administrator role." });
  });
});
