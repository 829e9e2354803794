import { useNav } from "../lib/nav";
import { AccountScreen } from "./AccountScreen";
import { BookScreen } from "./BookScreen";

/** Customers: the book of accounts, or one account's 360 opened from it or the palette. */
export function CustomersScreen({ deriving, online }: { deriving: boolean; online: boolean }) {
  const { account } = useNav();
  return account === null ? (
    <BookScreen deriving={deriving} />
  ) : (
    <AccountScreen key={account} tenantId={account} online={online} />
  );
}
