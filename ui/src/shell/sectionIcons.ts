import { Activity, Bell, ChartColumn, House, Receipt, ShieldCheck, Users, type LucideIcon } from "lucide-react";
import type { Section } from "../bindings";

export const SECTION_ICONS: Record<Section, LucideIcon> = {
  home: House,
  customers: Users,
  billing: Receipt,
  alerts: Bell,
  operations: Activity,
  admin: ShieldCheck,
  kpis: ChartColumn,
};
