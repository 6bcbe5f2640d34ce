import { ADD_ONS, type AddOn } from './add-ons';

/** How to get an add-on, as an option in a message. */
export function addOnOption(addOn: AddOn): string {
  return `the ${ADD_ONS[addOn].label} add-on (cloudflare.addOns: [${addOn}])`;
}
