"use client";

import { createContext, useContext, type ReactNode } from "react";

/** Whether the signed-in person has a passkey, so step-up can offer it. Set by the settings layout. */
const HasPasskeyContext = createContext(false);

export function StepUpOptionsProvider({ hasPasskey, children }: { hasPasskey: boolean; children: ReactNode }) {
  return <HasPasskeyContext.Provider value={hasPasskey}>{children}</HasPasskeyContext.Provider>;
}

export function useHasPasskey(): boolean {
  return useContext(HasPasskeyContext);
}
