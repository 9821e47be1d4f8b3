"use client";

import { useRouter } from "next/navigation";
import { useActionState, useRef, useState } from "react";
import { Captcha } from "@/components/forms/captcha";
import { ConfirmDialog } from "@/components/forms/confirm-dialog";
import { Field } from "@/components/forms/field";
import { FormMessage } from "@/components/forms/form-message";
import { SubmitButton } from "@/components/forms/submit-button";
import { Button } from "@/components/ui/button";
import { StepUpDialog } from "@/components/step-up/step-up-dialog";
import { useStepUp } from "@/components/step-up/use-step-up";
import { confirmTotpSetupAction, disableTotpAction, regenerateRecoveryCodesAction, startTotpSetupAction } from "../actions";
import { RecoveryCodesPanel } from "./recovery-codes-panel";
import type { StepUpMethod } from "@/lib/auth/step-up-method";

type Props = {
  enabledAt: string | null;
  remainingCodes: number;
  totalCodes: number;
  lowCodes: number;
  stepUpMethod: StepUpMethod;
  /** Whether this session is stepped up right now (the server checks again on submit). */
  elevated: boolean;
};

export function TwoFactorSection(props: Props) {
  return props.enabledAt ? <TwoFactorOn {...props} enabledAt={props.enabledAt} /> : <TwoFactorSetup stepUpMethod={props.stepUpMethod} />;
}

function TwoFactorSetup({ stepUpMethod }: { stepUpMethod: StepUpMethod }) {
  const router = useRouter();
  const [setup, startAction] = useActionState(startTotpSetupAction, null);
  const [confirmation, confirmAction] = useActionState(confirmTotpSetupAction, null);
  const startForm = useRef<HTMLFormElement>(null);
  const confirmForm = useRef<HTMLFormElement>(null);
  const start = useStepUp(setup, startForm, stepUpMethod);
  const confirm = useStepUp(confirmation, confirmForm, stepUpMethod);

  if (confirmation?.ok) return <RecoveryCodesPanel codes={confirmation.data} onDone={() => router.refresh()} />;
  if (setup?.ok) {
    const errors = confirm.visibleState && !confirm.visibleState.ok ? confirm.visibleState.fieldErrors : undefined;
    return (
      <div className="max-w-xl space-y-4">
        <ol className="list-decimal space-y-1 pl-5 text-sm text-zinc-700 dark:text-zinc-300">
          <li>Scan this QR code with your authenticator app, or type the setup key into it.</li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        {/* SVG rendered on the server by the qrcode package from Latchkey's own otpauth URI. */}
        <div role="img" aria-label="QR code for your authenticator app" className="size-48 rounded-md bg-white p-2" dangerouslySetInnerHTML={{ __html: setup.data.qrCodeSvg }} />
        <div>
          <p className="text-sm font-medium" id="setup-key-label">
            Setup key
          </p>
          <p aria-labelledby="setup-key-label" className="font-mono text-sm break-all select-all">
            {setup.data.secret}
          </p>
        </div>
        <form ref={confirmForm} action={confirmAction} className="space-y-4" noValidate>
          <Field name="code" label="Authentication code" inputMode="numeric" autoComplete="one-time-code" required maxLength={12} errors={errors?.code} />
          <FormMessage state={confirm.visibleState} />
          <SubmitButton pendingLabel="Verifying…">Verify and enable</SubmitButton>
        </form>
        {confirm.dialog}
      </div>
    );
  }
  return (
    <div className="max-w-xl space-y-3">
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        Off. Add a second step to signing in: a code from an authenticator app such as 1Password, Google Authenticator or Aegis.
      </p>
      <form ref={startForm} action={startAction}>
        <FormMessage state={start.visibleState} />
        <SubmitButton pendingLabel="Preparing…">Set up authenticator app</SubmitButton>
      </form>
      {start.dialog}
    </div>
  );
}

function TwoFactorOn({ enabledAt, remainingCodes, totalCodes, lowCodes, stepUpMethod, elevated }: Props & { enabledAt: string }) {
  const router = useRouter();
  const [regenerated, regenerateAction] = useActionState(regenerateRecoveryCodesAction, null);
  const [disabled, disableAction] = useActionState(disableTotpAction, null);
  const regenerateForm = useRef<HTMLFormElement>(null);
  const disableForm = useRef<HTMLFormElement>(null);
  const regenerate = useStepUp(regenerated, regenerateForm, stepUpMethod);
  const disable = useStepUp(disabled, disableForm, stepUpMethod);
  const [confirmingDisable, setConfirmingDisable] = useState(false);
  const [showRegenerate, setShowRegenerate] = useState(false);
  // Step up before the CAPTCHA is shown: a solved CAPTCHA is lost when its form resets.
  const [steppingUp, setSteppingUp] = useState(false);

  // The action's state stays "ok" after a refresh: remember which set of codes was put away.
  const [savedCodes, setSavedCodes] = useState<typeof regenerated>(null);

  if (regenerated?.ok && savedCodes !== regenerated) {
    const done = () => {
      setSavedCodes(regenerated);
      setShowRegenerate(false);
      router.refresh();
    };
    return <RecoveryCodesPanel codes={regenerated.data} onDone={done} />;
  }
  const low = remainingCodes <= lowCodes;
  return (
    <div className="max-w-xl space-y-6">
      <p className="text-sm">
        <span className="font-medium text-green-800 dark:text-green-400">On</span> since{" "}
        <time dateTime={enabledAt}>{new Date(enabledAt).toLocaleDateString("en", { dateStyle: "medium" })}</time>. Signing in asks for a code from your authenticator app.
      </p>
      <div className="space-y-2">
        <h3 className="font-medium">Recovery codes</h3>
        <p className={`text-sm ${low ? "font-medium text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`}>
          {remainingCodes} of {totalCodes} left.
          {low ? " You are running out of recovery codes: regenerate them so you can still sign in if you lose your phone." : ""}
        </p>
        {showRegenerate ? (
          <form ref={regenerateForm} action={regenerateAction} className="space-y-3">
            <Captcha />
            <FormMessage state={regenerate.visibleState} />
            <SubmitButton pendingLabel="Creating…">Regenerate recovery codes</SubmitButton>
          </form>
        ) : (
          <Button type="button" variant="secondary" onClick={() => (elevated ? setShowRegenerate(true) : setSteppingUp(true))}>
            Regenerate recovery codes
          </Button>
        )}
        {regenerate.dialog}
        <StepUpDialog open={steppingUp} method={stepUpMethod} onClose={() => setSteppingUp(false)} onConfirmed={() => setShowRegenerate(true)} />
      </div>
      <div className="space-y-2">
        <h3 className="font-medium">Turn off</h3>
        <form ref={disableForm} action={disableAction}>
          <FormMessage state={disable.visibleState} />
          <Button type="button" variant="danger" onClick={() => setConfirmingDisable(true)}>
            Disable two-factor authentication
          </Button>
        </form>
        {disable.dialog}
        <ConfirmDialog
          open={confirmingDisable}
          title="Disable two-factor authentication?"
          confirmLabel="Disable"
          onClose={() => setConfirmingDisable(false)}
          onConfirm={() => disableForm.current?.requestSubmit()}
        >
          Signing in will need only your password, and your recovery codes will stop working.
        </ConfirmDialog>
      </div>
    </div>
  );
}
