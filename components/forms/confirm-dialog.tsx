"use client";

import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { ModalDialog } from "./modal-dialog";

type Props = {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
};

/** Asks before something destructive. Cancel has the focus first, so Enter never destroys by accident. */
export function ConfirmDialog({ open, title, children, confirmLabel, onConfirm, onClose }: Props) {
  return (
    <ModalDialog open={open} onClose={onClose} title={title}>
      <div className="-mt-2 mb-6 text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onClose} data-autofocus>
          Cancel
        </Button>
        <Button
          type="button"
          variant="danger"
          onClick={() => {
            onClose();
            onConfirm();
          }}
        >
          {confirmLabel}
        </Button>
      </div>
    </ModalDialog>
  );
}
